FROM alpine:3.20
# expect: DKR200
RUNN apk add curl
# the rest of the file is still checked
# expect: DKR201
USER root
