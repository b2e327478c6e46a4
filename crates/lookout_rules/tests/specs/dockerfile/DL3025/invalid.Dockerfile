FROM node:22.11
ENTRYPOINT docker-entrypoint.sh
CMD node \
    server.js
