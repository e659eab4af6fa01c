FROM python:3.12-slim
COPY gcp/ /secrets/
# expect: DKR209
ENV GOOGLE_APPLICATION_CREDENTIALS=/secrets/sa.json
ENV KUBECONFIG=/etc/kube/config
