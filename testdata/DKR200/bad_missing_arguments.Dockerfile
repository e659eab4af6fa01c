FROM alpine:3.20
# expect: DKR200
USER
