# expect: DKR203
FROM ubuntu:
