FROM debian:12-slim
USER 1000:0
CMD ["/usr/bin/app"]
