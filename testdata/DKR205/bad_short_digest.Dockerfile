# expect: DKR205
FROM python:3.12-slim@sha256:abc123
