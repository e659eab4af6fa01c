ARG TAG=latest
# expect: DKR204
FROM nginx:${TAG}
