FROM debian:12-slim
# the fixture harness enables the folder's rule; see dockerfile_test for the default-off check
# expect: DKR221
RUN apt-get install -y curl
