FROM debian:12-slim
# expect: DKR201
USER root:1000
ENTRYPOINT ["/usr/bin/app"]
