FROM debian:12.7
RUN wget https://example.com/a && curl -O https://example.com/b
