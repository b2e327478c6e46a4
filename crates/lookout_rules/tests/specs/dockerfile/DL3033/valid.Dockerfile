RUN yum install -y httpd-2.4.62 && yum clean all
