FROM debian:12-slim
# expect: DKR201
USER 0:0
ENTRYPOINT ["/usr/bin/app"]
