ARG V=1
# expect: DKR200
RUN echo hi
FROM alpine:3.20
