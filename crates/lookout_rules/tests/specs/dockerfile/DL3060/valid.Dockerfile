RUN yarn install --frozen-lockfile && yarn cache clean
