FROM ubuntu:24.04 AS build
EXPOSE 22
RUN apt-get install -y openssh-server
FROM ubuntu:24.04
RUN apt-get install -y openssh-client
ARG PORT
EXPOSE 2222 8022/tcp 220 23-80 $PORT
