from alpine:3.20
# expect: DKR201
user root
cmd ["/app"]
