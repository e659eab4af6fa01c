# expect: DKR204
FROM localhost:5000/app:latest
