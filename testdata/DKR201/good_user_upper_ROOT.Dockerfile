FROM debian:12-slim
USER ROOT
CMD ["/usr/bin/app"]
