ARG IMAGE
FROM golang:1.23 AS build
FROM build AS test
FROM scratch
FROM ${IMAGE}
FROM alpine@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d
