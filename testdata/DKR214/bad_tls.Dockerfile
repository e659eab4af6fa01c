FROM python:3.12-slim
# expect: DKR214
RUN curl -fsSLk https://example.com/x -o /x
# expect: DKR214
RUN curl --insecure https://example.com/x -o /x
# expect: DKR214
RUN wget --no-check-certificate https://example.com/x
# expect: DKR214
RUN pip install --trusted-host pypi.example.com app==1.0
# expect: DKR214
RUN python3 -m pip install --trusted-host=pypi.example.com app==1.0
# expect: DKR214
RUN npm config set strict-ssl false
# expect: DKR214
RUN yarn config set strict-ssl false
# expect: DKR214
RUN git -c http.sslVerify=false clone https://example.com/r.git
# expect: DKR214
RUN git config --global http.sslVerify false
# expect: DKR214
RUN GIT_SSL_NO_VERIFY=1 git clone https://example.com/r.git
# expect: DKR214
RUN export NODE_TLS_REJECT_UNAUTHORIZED=0 && npm ci
# expect: DKR214
RUN dnf config-manager --setopt=myrepo.sslverify=0 --save
# expect: DKR214
RUN echo "sslverify=0" >> /etc/yum.conf
# expect: DKR214
ENV PIP_TRUSTED_HOST=pypi.example.com
# expect: DKR214
ENV PYTHONHTTPSVERIFY=0
# expect: DKR214
ARG NPM_CONFIG_STRICT_SSL=false
# expect: DKR214
ENV REQUESTS_CA_BUNDLE=""
# expect: DKR214
COPY <<EOF /etc/yum.repos.d/vendor.repo
[vendor]
baseurl=https://example.com/repo
sslverify=0
EOF
