FROM scratch AS base
CMD ["/app"]
# expect: DKR206
FROM base
COPY app /app
