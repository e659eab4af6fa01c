FROM python:3.12-slim
# a GPG key fingerprint is public (the official python images do this)
ENV GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305
ENV GPG_KEY_LOWER=a035c8c19219ba821ecea86b64e628f8d684696d
# words, not keys
ARG APP_KEY=production
ENV LICENSE_KEY=enterprise
ARG SORT_KEY=created_at
ENV CACHE_KEY=build-cache-v2
# where a credential file is, not the credential
ENV GOOGLE_APPLICATION_CREDENTIALS=/secrets/sa.json
ENV AWS_SHARED_CREDENTIALS_FILE=/root/.aws/credentials
