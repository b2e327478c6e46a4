CMD ["node", "server.js"]
