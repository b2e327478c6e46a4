FROM alpine:3.20 AS build
FROM alpine:3.20 AS app
COPY --from=build /a /b
