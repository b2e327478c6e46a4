RUN yum install -y httpd && yum clean all
