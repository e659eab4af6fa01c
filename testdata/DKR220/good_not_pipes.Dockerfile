FROM debian:12-slim
# a case pattern's | is not a pipe
RUN case "$(uname -m)" in \
      x86_64|amd64) ARCH=amd64 ;; \
      aarch64|arm64) ARCH=arm64 ;; \
      *) echo "unsupported" && exit 1 ;; \
    esac \
 && curl -fsSLo /usr/local/bin/tool "https://example.com/tool-${ARCH}"
RUN dpkgArch="$(dpkg --print-architecture)"; case "${dpkgArch##*-}" in amd64|x86_64) a=x64;; arm64) a=arm64;; esac; echo "$a"
# || is an or-list, not a pipe
RUN test -f /etc/os-release || echo "no os-release"
# | inside quotes, also inside a quoted substitution
RUN grep -E 'debian|ubuntu' /etc/os-release && echo "a|b"
RUN codename="$(grep -E "VERSION_CODENAME=(bookworm|trixie)" /etc/os-release)" && echo "$codename"
# a substitution in an argument: its status is lost with or without pipefail
RUN echo "arch: $(dpkg --print-architecture | cut -d- -f2)"
