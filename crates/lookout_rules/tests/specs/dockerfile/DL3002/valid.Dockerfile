FROM debian:12.7 AS build
USER root
RUN make

FROM debian:12.7
USER root
RUN useradd -r app
USER app
