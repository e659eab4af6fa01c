FROM python:3.12-slim
# expect: DKR208
ARG PYPI_TOKEN
RUN pip install --index-url "https://__token__:${PYPI_TOKEN}@pypi.example.com/simple" app==1.0
# expect: DKR208
ARG DEPLOY_PASSWORD
ENV PASS_COPY=$DEPLOY_PASSWORD
