RUN top
