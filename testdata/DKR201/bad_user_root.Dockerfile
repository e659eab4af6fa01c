FROM alpine:3.20
RUN adduser -D app
# expect: DKR201
USER root
CMD ["/app/run"]
