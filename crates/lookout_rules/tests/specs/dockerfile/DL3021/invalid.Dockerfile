COPY a.txt b.txt /app
