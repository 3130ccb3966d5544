# Shared by scripts that start servers on loopback: free ports, waiting for /health, and stopping
# every process they started (on any exit). Source it; then add PIDs to PIDS.
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# wait_for URL SECONDS: until the URL answers at all (any status), or fail.
wait_for() {
  for _ in $(seq 1 "$(($2 * 10))"); do curl -sS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "did not start within $2 s: $1" >&2
  return 1
}
