RUN yum install -y httpd-2.4.62
