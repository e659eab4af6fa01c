# a global ARG is not visible inside a stage until re-declared: unknown, not root
ARG RUNUSER=root
FROM alpine:3.20
USER ${RUNUSER}
