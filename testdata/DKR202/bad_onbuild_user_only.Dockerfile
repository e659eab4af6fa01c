# expect: DKR202
FROM alpine:3.20
ONBUILD USER app
