FROM python:3.12-slim
RUN curl -fsSL https://example.com/x -o /x
RUN curl -o key.pem https://example.com/key
RUN curl -H "k: v" https://example.com/x
RUN pip install app==1.0
RUN npm config set strict-ssl true
RUN git config --global http.sslVerify true
RUN echo "sslverify=0 is bad" > /tmp/notes.txt
ENV PYTHONHTTPSVERIFY=1
ENV REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt
ENV NODE_TLS_REJECT_UNAUTHORIZED=1
