# expect: DKR204
FROM --platform=linux/amd64 node:latest AS build
FROM nginx:1.27
