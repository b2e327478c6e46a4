LABEL com.docker.version="1.0"
