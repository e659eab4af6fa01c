FROM alpine:3.20
ADD rootfs.tar.gz /
ADD data.tar.zst dump.tgz legacy.Z /data/
ADD --checksum=sha256:a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3 https://example.com/tool /usr/local/bin/tool
ADD ${UNKNOWN_SOURCE} /x
ADD <<EOF /etc/motd
hello
EOF
COPY app.py /app/
