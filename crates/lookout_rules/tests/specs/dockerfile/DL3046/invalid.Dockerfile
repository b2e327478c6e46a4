RUN useradd -u 123456 app
