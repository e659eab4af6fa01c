FROM ubuntu:24.04
# hadolint ignore=DL3004
RUN sudo true
