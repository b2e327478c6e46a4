FROM debian:12.7
RUN apt-get update && apt-get install --no-install-recommends curl=7.88.1 && rm -rf /var/lib/apt/lists/*
RUN apt-get update \
 && apt-get -q install --no-install-recommends git=1:2.39.5 \
 && rm -rf /var/lib/apt/lists/*
