# syntax=docker/dockerfile:1
ARG BASE_TAG=latest
FROM golang:latest AS build
RUN go build -o /out/app ./cmd/app

FROM registry.example.com:5000/team/runtime:${BASE_TAG}
COPY --from=build /out/app /app
