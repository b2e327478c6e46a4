WORKDIR /usr/bin
