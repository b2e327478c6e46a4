RUN yarn install --frozen-lockfile
