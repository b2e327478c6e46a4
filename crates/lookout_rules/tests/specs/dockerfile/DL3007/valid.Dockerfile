ARG BASE_TAG=1.4.2
FROM golang:1.23 AS build
FROM build AS test
FROM registry.example.com:5000/team/runtime:${BASE_TAG}
FROM alpine:latest@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d
FROM scratch
