RUN pip install requests==2.32.3
