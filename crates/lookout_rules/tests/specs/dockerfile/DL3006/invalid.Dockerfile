ARG IMAGE=node
FROM golang AS build
FROM localhost:5000/app
FROM ${IMAGE}
FROM build
