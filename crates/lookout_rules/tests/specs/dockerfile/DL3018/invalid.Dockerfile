RUN apk add --no-cache curl
