FROM golang:1.22 AS build
USER root
RUN go build -o /out/app ./...

FROM alpine:3.20
COPY --from=build /out/app /app
USER app
CMD ["/app"]
