# syntax=docker/dockerfile:1.7
# escape=\
FROM alpine:3.20
RUN <<EOF
set -e
# a shell comment inside the heredoc
apk add --no-cache curl
EOF
RUN <<-EOT sh -e
	echo one
	EOT
COPY <<EOF /etc/app.conf
listen 8080
EOF
RUN apk add \
    # comment in the middle of a continuation
    jq \

    git
run echo lower case works
HEALTHCHECK CMD ["true"]
USER 10001
