FROM python:3.12-slim
ARG RUNUSER=root
# expect: DKR201
USER ${RUNUSER}
CMD ["python", "-m", "app"]
