FROM node:22-slim
ARG NPM_TOKEN
ARG GITHUB_TOKEN=${GITHUB_TOKEN}
ARG API_KEY
RUN --mount=type=secret,id=api_key,env=API_KEY curl -H "x-key: $API_KEY" https://example.com
ARG VERSION
RUN echo $VERSION $NPM_TOKENS
