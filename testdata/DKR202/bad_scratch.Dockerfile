FROM golang:1.22 AS build
USER 10001
RUN CGO_ENABLED=0 go build -o /out/app .

# expect: DKR202
FROM scratch
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
