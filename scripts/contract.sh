#!/usr/bin/env bash
# make contract: start the real server on the embedded defaults with a test key, run Dredd against it
# (every documented transaction it can reach, each with its own status), then replay the same
# requests through `prism proxy --errors` in front of the server and fail on any spec violation.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib.sh

SERVER_PORT=$(free_port)
PROXY_PORT=$(free_port)
export CONTRACT_KEY="enr_test_contract-$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"
export CONTRACT_MINUTE_LIMIT=3
export CONTRACT_METRICS_TOKEN="metrics-$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"
export CONTRACT_RECORD="$WORK/transactions.json"

# The contract tenant may name a webhook_url: it has a signing secret.
DATABASE_URL="sqlite:$WORK/contract.db" node bin/enrich.js webhooks secret --tenant contract > /dev/null
# The embedded defaults (SQLite, in-process cache and limits) with the sample data, in a scratch file.
BATCH_BODY_LIMIT_BYTES=65536 NODE_ENV=test PORT=$SERVER_PORT HOST=127.0.0.1 LOG_LEVEL=warn DATABASE_URL="sqlite:$WORK/contract.db" ENRICH_SAMPLE_DATA=on \
  ENRICH_API_KEYS="contract:$CONTRACT_KEY" METRICS_TOKEN="$CONTRACT_METRICS_TOKEN" RATE_LIMITS="$CONTRACT_MINUTE_LIMIT/m" TENANT_LIMIT_FACTOR=1000 \
  node_modules/.bin/tsx server/src/main.ts > "$WORK/server.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$SERVER_PORT/health" 30 || { cat "$WORK/server.log"; exit 1; }

echo "== Dredd against the server on 127.0.0.1:$SERVER_PORT"
# Dredd can exit 0 without running everything (a hook that never calls back ends the process), so
# its own summary line must say that transactions passed and none failed.
node_modules/.bin/dredd openapi/enrich.yaml "http://127.0.0.1:$SERVER_PORT" \
  --hookfiles=test/contract/hooks.js --language=nodejs --loglevel=warning 2>&1 \
  | sed "s/\x1b\[[0-9;]*m//g" | grep -v "API description parser warning" | tee "$WORK/dredd.log"
grep -Eq "complete: [1-9][0-9]* passing, 0 failing, 0 errors" "$WORK/dredd.log" \
  || { echo "contract: Dredd did not report a clean run" >&2; exit 1; }

echo "== prism proxy --errors in front of the server"
node_modules/.bin/prism proxy -h 127.0.0.1 -p "$PROXY_PORT" --errors openapi/enrich.yaml "http://127.0.0.1:$SERVER_PORT" > "$WORK/prism.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$PROXY_PORT/health" 40 || { cat "$WORK/prism.log"; exit 1; }
node test/contract/replay.mjs "$CONTRACT_RECORD" "http://127.0.0.1:$PROXY_PORT"
