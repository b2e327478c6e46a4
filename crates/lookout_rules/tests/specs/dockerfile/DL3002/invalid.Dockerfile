FROM debian:12.7 AS base
USER root
RUN apt-get update

FROM base
RUN echo "inherits root from base"
