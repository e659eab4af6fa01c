#checkov:skip=CKV_DOCKER_1:bastion image
FROM ubuntu:24.04
EXPOSE 22
