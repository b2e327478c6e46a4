RUN npm install --global typescript
