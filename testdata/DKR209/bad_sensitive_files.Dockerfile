FROM alpine:3.20
# expect: DKR209
COPY .env /app/.env
# expect: DKR209
COPY config/.env.production /app/
# expect: DKR209
ADD id_rsa /root/.ssh/id_rsa
# expect: DKR209
COPY certs/*.pem /etc/ssl/private/
# expect: DKR209
COPY ["./secrets/server.key", "/etc/app/"]
# expect: DKR209
COPY --chown=app:app .npmrc /home/app/
# expect: DKR209
COPY .aws/ /root/.aws/
# expect: DKR209
COPY home/.docker/config.json /root/.docker/config.json
# expect: DKR209
COPY terraform.tfstate service-account-prod.json /infra/
# expect: DKR209
COPY .git /src/.git
# expect: DKR209
COPY .env* /app/
