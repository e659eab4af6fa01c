# expect: DKR205
FROM golang:1.22 AS build
FROM gcr.io/distroless/static-debian12:nonroot@sha256:a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3
