FROM nginx:1.27 AS release
HEALTHCHECK CMD curl -f http://localhost/
FROM alpine:3.20 AS tools
