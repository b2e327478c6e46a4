RUN npm install --global typescript@5.6.3
