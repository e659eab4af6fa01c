# builder images are supply-chain inputs too
# expect: DKR203
FROM golang AS build
RUN go build ./...
FROM alpine:3.20
# expect: DKR203
FROM debian AS other
