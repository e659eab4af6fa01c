FROM alpine:3.20 AS build
RUN ssh-keygen -t ed25519 -f /tmp/id_ed25519 -N ''
FROM alpine:3.20
COPY .env.example /app/.env.example
COPY .env.sample /app/
COPY --from=build /tmp/id_ed25519.pub /etc/keys/
COPY --from=build /tmp/id_ed25519 /tmp/unused
COPY src/ /app/src/
COPY . /app
COPY public.pem.txt /app/
COPY <<EOF /app/.env
MODE=production
EOF
ENV GOOGLE_APPLICATION_CREDENTIALS=/run/secrets/gcp.json
