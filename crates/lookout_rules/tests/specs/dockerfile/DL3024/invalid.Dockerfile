FROM golang:1.23 AS build
FROM node:22 AS build
