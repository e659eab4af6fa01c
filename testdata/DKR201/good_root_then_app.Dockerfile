FROM alpine:3.20
USER root
RUN apk add --no-cache curl
USER app
