FROM alpine:3.20
RUN --network=none make test
RUN --security=sandbox true
RUN --mount=type=cache,target=/root/.cache echo --network=host
