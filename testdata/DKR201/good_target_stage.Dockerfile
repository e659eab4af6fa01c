FROM alpine:3.20 AS release
USER 10001

FROM release AS debug
USER root
