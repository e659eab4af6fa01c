FROM localhost:5000/app:1
