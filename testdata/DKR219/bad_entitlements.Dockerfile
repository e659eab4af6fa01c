FROM alpine:3.20
# expect: DKR219
RUN --security=insecure mount -t tmpfs none /mnt
# expect: DKR219
RUN --network=host apk add curl
# expect: DKR219
ONBUILD RUN --network=host make
