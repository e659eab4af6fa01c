FROM alpine:3.20
# expect: DKR200
RUN <<EOF
apk add curl
