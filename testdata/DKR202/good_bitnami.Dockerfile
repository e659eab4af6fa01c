FROM bitnami/nginx:1.27
