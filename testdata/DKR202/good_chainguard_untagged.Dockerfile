FROM cgr.dev/chainguard/python
