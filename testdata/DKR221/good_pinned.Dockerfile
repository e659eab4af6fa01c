FROM debian:12-slim
RUN apt-get install -y curl=8.5.0-2 ./local.deb
RUN apk add --no-cache --virtual .deps build-base=0.5-r3
RUN pip install -r requirements.txt flask==3.0.3 ./pkg dist/app-1.0-py3-none-any.whl "pkg @ git+https://example.com/pkg@v1"
RUN pip install -c constraints.txt requests
RUN npm install -g typescript@5.4.5 @angular/cli@17.0.0
RUN npm install express
RUN gem install bundler -v 2.5.0 && gem install rake:13.2.0
RUN dnf install -y httpd-2.4.57
RUN go install golang.org/x/tools/gopls@v0.15.0
