FROM node:22-slim AS deps
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
FROM node:22-slim
COPY --from=deps /node_modules /app/node_modules
