FROM debian:12-slim AS base
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
RUN curl -fsSL https://example.com/x | tar -xz
FROM base AS child
# SHELL is image config: inherited from the parent stage
RUN ls | wc -l
FROM debian:12-slim
RUN set -o pipefail && ls | wc -l
RUN set -euo pipefail; ls | wc -l
RUN true || false
RUN ["sh", "-c", "ls | wc -l"]
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN dir | findstr x
FROM alpine:3.20
SHELL ["pwsh", "-Command"]
RUN Get-ChildItem | Select-Object -First 1
