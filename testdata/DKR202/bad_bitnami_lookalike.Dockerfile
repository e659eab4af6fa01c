# expect: DKR202
FROM example.com/notbitnami/nginx:1.27
