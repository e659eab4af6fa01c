FROM node:22-slim
WORKDIR /app
# expect: DKR222
COPY . .
# expect: DKR222
ADD ./ /srv/
COPY --from=node:22 . /x
