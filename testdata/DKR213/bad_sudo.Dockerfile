FROM ubuntu:24.04
# expect: DKR213
RUN sudo apt-get update
# expect: DKR213
RUN apt-get update && sudo -E apt-get install -y curl
# expect: DKR213
RUN if [ -f /x ]; then sudo rm /x; fi
# expect: DKR213
ONBUILD RUN sudo make install
# expect: DKR213
RUN ["sudo", "id"]
# expect: DKR213
RUN DEBIAN_FRONTEND=noninteractive /usr/bin/sudo true
