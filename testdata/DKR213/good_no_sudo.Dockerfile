FROM ubuntu:24.04
RUN echo sudo
RUN apt-get install -y sudo
RUN echo "sudo rm -rf /"
RUN echo 'x' # sudo in a comment
RUN grep -q sudo /etc/group || groupadd sudo
