RUN apk add --no-cache curl=8.9.1-r1
