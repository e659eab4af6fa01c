FROM gcr.io/distroless/python3-debian12:nonroot AS runtime
FROM runtime
COPY app.py /app.py
