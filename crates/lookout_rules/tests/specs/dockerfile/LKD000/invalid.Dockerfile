FROM alpine:3.20
RUNN echo typo
ENV ONLY_KEY
CMD [ "echo", [ "nested" ] ]
COPY <<EOF /etc/motd
hello
RUN echo "never terminated heredoc above swallows this"
