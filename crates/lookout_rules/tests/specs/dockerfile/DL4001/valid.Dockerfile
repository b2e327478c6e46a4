FROM debian:12.7
RUN curl -O https://example.com/a && curl -O https://example.com/b
