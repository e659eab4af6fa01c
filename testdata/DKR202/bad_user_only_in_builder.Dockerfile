FROM golang:1.22 AS build
USER app
RUN go build ./...
# expect: DKR202
FROM alpine:3.20 AS final
CMD ["/app"]
