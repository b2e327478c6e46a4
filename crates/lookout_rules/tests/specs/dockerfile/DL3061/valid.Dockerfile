FROM alpine:3.20
LABEL team=platform
