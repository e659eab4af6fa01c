FROM alpine:3.20 AS build
USER root
RUN apk add --no-cache ca-certificates
USER app

FROM build AS final
CMD ["/app"]
