FROM alpine:3.20
# a leading * stands for a name: scripts/*.env copies meta.env, build.env, not .env
COPY scripts/*.env /tmp/
# a whole kind of file that is not sensitive as a kind: *.json, *.conf
COPY config/*.json /app/config/
COPY conf.d/*.conf /etc/nginx/conf.d/
COPY ["docs/*.md", "/usr/share/doc/app/"]
COPY dist/app-*.tar.gz /opt/
