RUN cd /app
