ARG TAG
# distroless publishes :nonroot tags: with the tag unknown the image may be non-root
FROM gcr.io/distroless/static-debian12:${TAG}
COPY app /app
ENTRYPOINT ["/app"]
