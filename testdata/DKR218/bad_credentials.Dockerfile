FROM python:3.12-slim
# expect: DKR218
RUN aws configure set aws_access_key_id "$KEY_ID"
# expect: DKR218
RUN aws configure set aws_secret_access_key "$SECRET"
# expect: DKR218
RUN gcloud auth activate-service-account --key-file=/tmp/sa.json
# expect: DKR218
RUN az login --service-principal -u "$ID" -p "$PW" --tenant "$T"
# expect: DKR218
RUN doctl auth init --access-token "$DO_TOKEN"
# expect: DKR218
RUN docker login -u ci -p "$REG_PW" registry.example.com
# expect: DKR218
RUN npm config set //registry.npmjs.org/:_authToken "$NPM_TOKEN"
# expect: DKR218
RUN git config --global credential.helper store
# expect: DKR218
RUN echo "machine example.com login ci password $PW" > ~/.netrc
# expect: DKR218
RUN echo 'app:s3cret' | chpasswd
# expect: DKR218
RUN echo "$PW" | passwd --stdin app
# expect: DKR218
RUN printf '[pypi]\npassword = %s\n' "$PW" >> /root/.pypirc
