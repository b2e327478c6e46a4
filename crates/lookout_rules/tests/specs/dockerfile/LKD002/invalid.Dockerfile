FROM golang:1.23 AS build
USER builder

FROM debian:12.7-slim
COPY --from=build /out/app /usr/local/bin/app
CMD ["app"]
