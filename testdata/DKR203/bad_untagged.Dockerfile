# expect: DKR203
FROM ubuntu
RUN apt-get update
