LABEL team=platform
FROM alpine:3.20
