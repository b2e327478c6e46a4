RUN apk add curl=8.9.1-r1
