FROM golang:1.22 AS build
FROM build AS test
FROM BUILD AS Lint
FROM lint
FROM 0
FROM scratch
