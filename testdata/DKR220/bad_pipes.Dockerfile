FROM debian:12-slim AS build
# expect: DKR220
RUN curl -fsSL https://example.com/x.tar.gz | tar -xz
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/x.tar.gz | tar -xz
SHELL ["/bin/sh", "-c"]
# expect: DKR220
RUN ps aux | grep x
FROM debian:12-slim
# hadolint resets on FROM; a new external stage has the default shell again
# expect: DKR220
RUN cat /etc/os-release | head -1
# expect: DKR220
RUN <<EOF
ls | wc -l
EOF
# expect: DKR220
RUN ls |& wc -l
