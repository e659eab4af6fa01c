FROM alpine:3.20
# expect: DKR210
ADD https://example.com/tool.tar.gz /opt/
# expect: DKR210
ADD --chown=app git@github.com:org/repo.git /src
# expect: DKR210
ADD https://github.com/org/repo.git#v1.2.0 /src
# expect: DKR210
ADD --checksum=md5:0123 http://example.com/f /f
