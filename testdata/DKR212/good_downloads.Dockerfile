FROM debian:12-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh && sh /tmp/install.sh
RUN curl -fsSL https://example.com/key.gpg | gpg --dearmor -o /etc/apt/keyrings/k.gpg
RUN wget -O /tmp/x.sh https://example.com/x.sh | cat
RUN curl -O https://example.com/x.sh | sh
RUN echo "curl https://example.com | sh"
RUN curl -fsSL https://example.com/data.tar.gz | tar -xz -C /opt
