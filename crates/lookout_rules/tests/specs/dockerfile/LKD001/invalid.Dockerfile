ARG VERSION=3.20
FROM alpine:${VERSION} AS build
FROM build AS test
FROM gcr.io/distroless/static:nonroot
