FROM debian:12-slim
# expect: DKR215
RUN apt-get install -y --allow-unauthenticated vendor-tool
# expect: DKR215
RUN apt-get update --allow-insecure-repositories
# expect: DKR215
RUN apt-get install -y --force-yes curl
# expect: DKR215
RUN echo "deb [trusted=yes] http://repo.example.com/ stable main" > /etc/apt/sources.list.d/x.list
# expect: DKR215
RUN apk add --allow-untrusted /tmp/pkg.apk
# expect: DKR215
RUN yum install -y --nogpgcheck vendor-tool
# expect: DKR215
RUN microdnf install --nogpgcheck vendor-tool
# expect: DKR215
RUN printf '[vendor]\nbaseurl=https://example.com\ngpgcheck=0\n' > /etc/yum.repos.d/vendor.repo
# expect: DKR215
RUN rpm -i --nosignature /tmp/vendor.rpm
# expect: DKR215
COPY <<EOF /etc/apt/sources.list.d/vendor.list
deb [arch=amd64 trusted=yes] http://repo.example.com/ stable main
EOF
