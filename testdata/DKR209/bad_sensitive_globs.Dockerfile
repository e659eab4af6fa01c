FROM alpine:3.20
# globs that can match a sensitive name as such
# expect: DKR209
COPY keys/id_* /root/.ssh/
# expect: DKR209
COPY deploy/.env.* /srv/app/
# expect: DKR209
COPY tls/*.key tls/*.crt /etc/nginx/tls/
# expect: DKR209
COPY gcp/service-account*.json /var/secrets/
# expect: DKR209
COPY state/*.tfstate /infra/
