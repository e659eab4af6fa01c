FROM golang:1.22 AS build
USER app
RUN go build -o /out/app ./...

FROM alpine:3.20
COPY --from=build /out/app /app
# expect: DKR201
USER root
CMD ["/app"]
