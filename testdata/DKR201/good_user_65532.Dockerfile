FROM debian:12-slim
USER 65532
CMD ["/usr/bin/app"]
