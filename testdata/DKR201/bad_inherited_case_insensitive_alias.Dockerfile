FROM alpine:3.20 AS Base
# expect: DKR201
USER 0
FROM BASE
CMD ["/app"]
