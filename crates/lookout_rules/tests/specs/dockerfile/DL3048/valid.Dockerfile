LABEL org.opencontainers.image.version="1.0"
