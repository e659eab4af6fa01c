FROM alpine:3.20 AS fetch
RUN wget -O /data.tar https://example.com/data.tar
FROM scratch
COPY --from=fetch /data.tar /data.tar
