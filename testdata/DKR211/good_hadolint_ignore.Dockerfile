FROM alpine:3.20
# hadolint ignore=DL3020
ADD app.py /app/
