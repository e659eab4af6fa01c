FROM cgr.dev/chainguard/static:latest
