# expect: DKR202
FROM gcr.io/distroless/static-debian12:latest
COPY app /app
