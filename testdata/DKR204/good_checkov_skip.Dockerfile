#checkov:skip=CKV_DOCKER_7
FROM nginx:latest
