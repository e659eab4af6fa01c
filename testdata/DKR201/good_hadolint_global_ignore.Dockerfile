# hadolint global ignore=DL3002,DL3006
FROM alpine:3.20
USER root
