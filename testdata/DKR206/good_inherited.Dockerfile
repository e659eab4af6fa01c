FROM nginx:1.27 AS web
HEALTHCHECK CMD curl -f http://localhost/
FROM web
COPY site/ /usr/share/nginx/html/
