FROM debian:12-slim
# expect: DKR201
USER "root"
ENTRYPOINT ["/usr/bin/app"]
