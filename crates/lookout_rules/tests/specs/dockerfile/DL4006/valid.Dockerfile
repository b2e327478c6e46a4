FROM debian:12.7
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN wget -O - https://example.com/app.tgz | tar xz
