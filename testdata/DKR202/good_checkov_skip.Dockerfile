FROM alpine:3.20
#checkov:skip=CKV_DOCKER_3:runs as root on purpose
