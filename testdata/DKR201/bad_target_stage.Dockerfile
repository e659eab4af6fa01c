FROM alpine:3.20 AS release
# the configured target stage is 'release', not the last one
# expect: DKR201
USER root

FROM alpine:3.20 AS test
USER nobody
