RUN pip install --no-cache-dir requests==2.32.3
