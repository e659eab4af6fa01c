FROM alpine:3.20 AS build
RUN apk add --no-cache ca-certificates
# the final stage inherits this USER: reported here, at the builder's line
# expect: DKR201
USER root

FROM build AS final
COPY app /app
CMD ["/app"]
