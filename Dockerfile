# The Single Window server: one image for the API (SW_ROLE=api) and the workers (SW_ROLE=worker).
#   docker build -t single-window .      (docker-compose.yml builds it for you)

# ---- build: full dependencies, compile TypeScript to dist/ with SWC ----------------------------
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json swc.config.cjs ./
COPY scripts ./scripts
COPY apps ./apps
COPY libs ./libs
COPY bench ./bench
COPY test/support ./test/support
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: production dependencies, compiled code, reference data --------------------------
FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0
WORKDIR /app
# DATA_DIR (default .data) must be writable by the unprivileged user.
RUN mkdir -p /app/.data && chown node:node /app/.data
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node seeds ./seeds
USER node
EXPOSE 3000
# The same check docker-compose.yml sets (node:20-slim has no curl): GET /health must answer 2xx.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/single-window/src/main.js"]
