# expect: DKR202
FROM cgr.dev/chainguard/python:latest-dev
CMD ["python"]
