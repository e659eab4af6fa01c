FROM debian:12-slim
USER app
CMD ["/usr/bin/app"]
