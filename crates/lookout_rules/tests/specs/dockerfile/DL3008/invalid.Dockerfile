FROM debian:12.7
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       ca-certificates=20230311 \
       curl \
       git \
    && rm -rf /var/lib/apt/lists/*
RUN <<EOF
apt-get update
apt-get install -y --no-install-recommends jq
rm -rf /var/lib/apt/lists/*
EOF
