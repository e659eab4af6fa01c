FROM golang:1.22 AS build
HEALTHCHECK CMD ["true"]
RUN go build -o /out/app .
# expect: DKR206
FROM alpine:3.20
COPY --from=build /out/app /app
CMD ["/app"]
