ADD app.tar.gz /opt/
