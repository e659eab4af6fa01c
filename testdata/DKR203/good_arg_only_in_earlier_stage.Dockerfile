FROM alpine:3.20 AS first
ARG IMG=python
# IMG is not visible to FROM: unknown, not untagged
FROM ${IMG}
