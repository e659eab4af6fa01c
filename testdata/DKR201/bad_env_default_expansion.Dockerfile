FROM python:3.12-slim
ARG RUNUSER
# no --build-arg: the written default applies
# expect: DKR201
USER ${RUNUSER:-root}
