FROM alpine:3.20
USER app
ONBUILD USER root
