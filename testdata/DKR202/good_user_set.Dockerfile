FROM node:22-alpine
USER node
