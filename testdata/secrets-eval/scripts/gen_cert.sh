#!/bin/sh
set -e
openssl req -x509 -newkey rsa:4096 -keyout key.pem -out cert.pem -days 365 -passout pass:CertPass123 -subj "/CN=shop.internal"
openssl pkcs12 -export -in cert.pem -inkey key.pem -out bundle.p12 -passin env:CERT_PASS -passout env:P12_PASS
sha256sum bundle.p12 > bundle.p12.sha256
