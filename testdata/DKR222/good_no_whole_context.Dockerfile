FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY src/ ./src/
COPY --from=build . /copy-of-stage
FROM node:22-slim
COPY --from=build /app/dist /app
