# syntax=docker/dockerfile:1
# The Enrich API image. Every build step is scripts/build-release.sh (tested without Docker in
# server/test/release.process.test.ts, as an unprivileged user in a clean directory).
#   docker build -t enrich .
#   docker run -p 8080:8080 -e ENRICH_API_KEYS=acme:<key> -e DATABASE_URL=postgres://... enrich
ARG NODE_IMAGE=node:24-bookworm-slim

# 1. Build stage: compilers for better-sqlite3's native addon, esbuild for dist/, then the production
#    dependencies only (npm ci --omit=dev) in /app.
FROM ${NODE_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN bash scripts/build-release.sh /src /app

# 2. Runtime: Node and /app, nothing else (no compilers, no development dependencies, no TypeScript).
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app /app
# The code stays root-owned and read-only to the server; only data/ (the SQLite default) is writable.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080
# Liveness on /health at whatever PORT the platform set (Cloud Run and Kubernetes set PORT).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM itself; main.ts drains (stops accepting, lets requests
# finish for SHUTDOWN_TIMEOUT_MS) and exits 0.
STOPSIGNAL SIGTERM
CMD ["node", "dist/server/src/main.js"]
