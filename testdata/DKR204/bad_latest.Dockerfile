# expect: DKR204
FROM nginx:latest
