FROM node:22-alpine
USER app
RUN npm ci
# expect: DKR201
USER root
CMD ["node", "server.js"]
