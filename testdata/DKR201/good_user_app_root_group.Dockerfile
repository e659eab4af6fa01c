FROM debian:12-slim
USER app:root
CMD ["/usr/bin/app"]
