FROM node:22-slim AS deps
# expect: DKR208
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
FROM deps
CMD ["node", "server.js"]
