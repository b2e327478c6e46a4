RUN zypper install -y httpd && zypper clean
