ARG REGISTRY
# the repository itself is unknown: nothing to judge
FROM ${REGISTRY}/platform/base:1.4
COPY app /app
ENTRYPOINT ["/app"]
