FROM alpine:3.20
HEALTHCHECK CMD /bin/check-a
HEALTHCHECK CMD /bin/check-b
