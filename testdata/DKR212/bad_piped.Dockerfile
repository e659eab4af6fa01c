FROM debian:12-slim
# expect: DKR212
RUN curl -fsSL https://example.com/install.sh | sh
# expect: DKR212
RUN wget -qO- https://example.com/i.sh | bash -s -- --yes
# expect: DKR212
RUN wget -O - https://example.com/i.py | sudo python3
# expect: DKR212
RUN curl -s https://example.com/x | tee /tmp/log | zsh
# expect: DKR212
RUN sh -c "$(curl -fsSL https://example.com/install.sh)"
# expect: DKR212
RUN bash <(curl -s https://example.com/install.sh)
# expect: DKR212
RUN apt-get update && \
    curl -sSL https://example.com/setup | \
    bash -
# expect: DKR212
RUN <<EOF
set -e
curl -fsSL https://example.com/x.sh | sh
EOF
# expect: DKR212
RUN ["/bin/sh", "-c", "curl -s https://example.com/x | perl"]
