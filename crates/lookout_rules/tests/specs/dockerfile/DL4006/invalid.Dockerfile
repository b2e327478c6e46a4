FROM debian:12.7 AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/a.tgz | tar xz

FROM debian:12.7
RUN curl -fsSL https://example.com/b.tgz | tar xz
SHELL ["/bin/sh", "-c"]
RUN curl -fsSL https://example.com/c.tgz | tar xz
