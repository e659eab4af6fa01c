ARG VARIANT
# expect: DKR202
FROM registry.example.com:5000/platform/base:${VARIANT}
COPY app /app
ENTRYPOINT ["/app"]
