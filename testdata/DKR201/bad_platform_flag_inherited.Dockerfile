FROM --platform=$BUILDPLATFORM golang:1.22 AS build
# expect: DKR201
USER root:root
FROM build
