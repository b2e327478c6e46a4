RUN yum install httpd-2.4.62 && yum clean all
