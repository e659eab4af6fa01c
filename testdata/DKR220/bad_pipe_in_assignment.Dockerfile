FROM debian:12-slim
ARG SRC=https://example.com/releases/latest
# the substitution's status is the assignment's: a failed curl is hidden by jq without pipefail
# expect: DKR220
RUN version="$(curl -fsSL "$SRC" | jq -r .tag_name)" \
 && curl -fsSLo /tmp/tool.tgz "https://example.com/download/${version}/tool.tgz"
# expect: DKR220
RUN dst=`echo "$SRC" | tr -d 3` && echo "$dst"
# a real pipe after a case statement still counts
# expect: DKR220
RUN case "$(uname -m)" in x86_64) ARCH=amd64 ;; aarch64) ARCH=arm64 ;; esac \
 && curl -fsSL "https://example.com/tool-${ARCH}.tgz" | tar -xz -C /usr/local/bin
