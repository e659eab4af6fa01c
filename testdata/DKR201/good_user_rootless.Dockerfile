FROM debian:12-slim
USER rootless
CMD ["/usr/bin/app"]
