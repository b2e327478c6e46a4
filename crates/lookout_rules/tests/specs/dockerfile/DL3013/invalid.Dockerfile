RUN pip install --no-cache-dir requests
