FROM debian:12-slim
# expect: DKR201
USER 00
ENTRYPOINT ["/usr/bin/app"]
