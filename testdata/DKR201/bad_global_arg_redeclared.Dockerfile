ARG RUNUSER=root
FROM python:3.12-slim
ARG RUNUSER
# expect: DKR201
USER $RUNUSER
CMD ["python", "-m", "app"]
