FROM ubuntu:24.04
# expect: DKR216
RUN apt-get update && apt-get install -y openssh-server
# expect: DKR216
RUN apk add --no-cache dropbear
ARG SSH_PORT=22
# expect: DKR216
EXPOSE 80 22/tcp
# expect: DKR216
EXPOSE 22/udp
# expect: DKR216
EXPOSE 20-25
# expect: DKR216
EXPOSE ${SSH_PORT}
# expect: DKR216
expose 22
