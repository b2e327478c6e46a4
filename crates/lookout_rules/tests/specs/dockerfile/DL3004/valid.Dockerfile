RUN apt-get update
