# expect: DKR206
FROM nginx:1.27
ONBUILD HEALTHCHECK CMD curl -f http://localhost/
