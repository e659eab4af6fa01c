FROM alpine:3.20 AS base
RUN apk add --no-cache tini
# expect: DKR202
FROM base AS final
CMD ["/app"]
