ARG DEBIAN_VERSION
ARG VARIANT
FROM golang:1.22 AS build
RUN go build -o /out/app ./cmd/app
# the tag is a build arg without a default, but debian runs as root whatever the tag
# expect: DKR202
FROM debian:${DEBIAN_VERSION}-slim
COPY --from=build /out/app /usr/local/bin/app
CMD ["app"]
