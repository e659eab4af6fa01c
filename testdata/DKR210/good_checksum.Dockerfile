FROM alpine:3.20
ADD --checksum=sha256:a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3 https://example.com/tool.tar.gz /opt/
ADD rootfs.tar.gz /
COPY https-proxy.conf /etc/
