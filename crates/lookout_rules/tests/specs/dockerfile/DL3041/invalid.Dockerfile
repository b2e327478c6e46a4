RUN dnf install -y httpd && dnf clean all
