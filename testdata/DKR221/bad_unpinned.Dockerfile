FROM debian:12-slim
# expect: DKR221
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates=20230311
# expect: DKR221
RUN apk add --no-cache --virtual .deps build-base
# expect: DKR221
RUN pip install --no-cache-dir requests flask==3.0.3
# expect: DKR221
RUN python3 -m pip install -U pip
# expect: DKR221
RUN npm install -g typescript @angular/cli@17.0.0 @scope/tool
# expect: DKR221
RUN gem install bundler
# expect: DKR221
RUN dnf install -y httpd && yum install -y git-2.43.0
# expect: DKR221
RUN go install golang.org/x/tools/gopls@latest
# expect: DKR221
RUN zypper install -y vim
