COPY app.py /app/
