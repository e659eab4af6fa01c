# expect: DKR203
FROM localhost:5000/app
