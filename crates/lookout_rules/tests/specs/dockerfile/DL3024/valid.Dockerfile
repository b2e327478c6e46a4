FROM golang:1.23 AS build-go
FROM node:22 AS build-web
