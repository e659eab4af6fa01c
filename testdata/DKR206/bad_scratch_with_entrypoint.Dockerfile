# expect: DKR206
FROM scratch
COPY app /app
ENTRYPOINT ["/app"]
