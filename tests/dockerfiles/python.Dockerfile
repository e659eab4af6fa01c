# syntax=docker/dockerfile:1.7
ARG PYTHON_VERSION=3.12

FROM python:${PYTHON_VERSION}-slim AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libpq-dev \
 && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip \
    pip wheel --wheel-dir /wheels -r requirements.txt
COPY . .
RUN pip wheel --no-deps --wheel-dir /wheels .

FROM gcr.io/distroless/python3-debian12:nonroot AS runtime
COPY --from=build /wheels /wheels
ENV PYTHONPATH=/wheels
EXPOSE 8000
ENTRYPOINT ["python3", "-m", "gunicorn", "app.wsgi:application", "--bind", "0.0.0.0:8000"]
