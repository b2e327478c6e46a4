ADD app.py /app/
