FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN echo "deb [signed-by=/etc/apt/keyrings/v.gpg] http://repo.example.com/ stable main" > /etc/apt/sources.list.d/v.list
RUN echo "repo_gpgcheck=0" >> /tmp/notes
RUN echo "gpgcheck=1" >> /etc/yum.repos.d/vendor.repo
RUN rpm --import https://example.com/key.asc
