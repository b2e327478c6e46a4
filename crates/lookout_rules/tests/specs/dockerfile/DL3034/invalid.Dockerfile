RUN zypper install httpd=2.4.62 && zypper clean
