# syntax=docker/dockerfile:1
# The bot as one image: `docker build -t wallet-support-bot .`; compose.yaml runs two of it behind
# nginx with PostgreSQL and Redis (docs/scaling.md).

# Production dependencies only. better-sqlite3 and @node-rs/jieba come prebuilt; the compilers are
# there for a platform without a prebuilt binary, and stay in this stage.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# What runs: the sources as they are (tsx loads them; assets are found next to them), no dev tools,
# not root.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
COPY dialogs ./dialogs
COPY knowledge ./knowledge
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3978
# Liveness: the process answers. Readiness (database and Redis reachable) is /readyz, for the
# orchestrator or load balancer to route by.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--import", "tsx", "src/index.ts"]
