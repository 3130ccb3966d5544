#!/usr/bin/env bash
# The seed's six scenarios and a seventh (the API hangs), end to end over loopback: the Enrich API (embedded defaults, sample data,
# low rate limits), Prism serving the contract, and the gateway (the "local API") in front of both.
# Prints "N passed, N failed"; exits non-zero on any failure; stops everything it started.
set -uo pipefail
cd "$(dirname "$0")/.."
command -v jq >/dev/null || { echo "test-realtime-enrichment: jq is required (apt-get install jq)" >&2; exit 2; }

source scripts/lib.sh

PASSED=0
FAILED=0
check() { # name, command...
  local name=$1; shift
  if "$@"; then PASSED=$((PASSED + 1)); echo "ok   $name"; else FAILED=$((FAILED + 1)); echo "FAIL $name"; fi
}
# request: method url [curl args...] -> $WORK/body, $WORK/headers, $WORK/status, $WORK/time
request() {
  curl -s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code} %{time_total}' "$@" > "$WORK/meta"
  read -r STATUS TIME < "$WORK/meta"
}
header() { grep -i "^$1:" "$WORK/headers" | head -1 | cut -d' ' -f2- | tr -d '\r'; }
body() { jq -r "$1" "$WORK/body"; }

API_PORT=$(free_port); PRISM_PORT=$(free_port); GW_PORT=$(free_port); BAD_GW_PORT=$(free_port); HANG_PORT=$(free_port); HANG_GW_PORT=$(free_port)
KEY="enr_test_script-$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"
API="http://127.0.0.1:$API_PORT"
GW="http://127.0.0.1:$GW_PORT/api/enrich"
BAD_GW="http://127.0.0.1:$BAD_GW_PORT/api/enrich"

NODE_ENV=test HOST=127.0.0.1 PORT=$API_PORT LOG_LEVEL=warn DATABASE_URL="sqlite:$WORK/enrich.db" ENRICH_SAMPLE_DATA=on \
  ENRICH_API_KEYS="script:$KEY" RATE_LIMITS=5/m node_modules/.bin/tsx server/src/main.ts > "$WORK/api.log" 2>&1 &
API_PID=$!; PIDS+=($API_PID)
node_modules/.bin/prism mock -h 127.0.0.1 -p "$PRISM_PORT" openapi/enrich.yaml > "$WORK/prism.log" 2>&1 &
PIDS+=($!)
# An API that accepts connections and never answers (scenario 7).
node -e 'require("http").createServer(() => {}).listen(Number(process.argv[1]), "127.0.0.1")' "$HANG_PORT" > "$WORK/hang.log" 2>&1 &
PIDS+=($!)
start_gateway() { # port key [api url]
  GATEWAY_PORT=$1 HOST=127.0.0.1 LOG_LEVEL=warn ENRICH_API_URL="${3:-$API}" ENRICH_API_KEY="$2" ENRICH_MOCK_URL="http://127.0.0.1:$PRISM_PORT" \
    ENRICH_RETRIES=1 ENRICH_BUDGET_MS=2000 node_modules/.bin/tsx client/gateway/main.ts > "$WORK/gateway-$1.log" 2>&1 &
  PIDS+=($!)
}
start_gateway "$GW_PORT" "$KEY"
start_gateway "$BAD_GW_PORT" "enr_test_not-a-valid-key-00000000"
start_gateway "$HANG_GW_PORT" "$KEY" "http://127.0.0.1:$HANG_PORT"
wait_for "$API/health" 30 && wait_for "http://127.0.0.1:$GW_PORT/health" 30 && wait_for "http://127.0.0.1:$BAD_GW_PORT/health" 30 \
  && wait_for "http://127.0.0.1:$HANG_GW_PORT/health" 30 && wait_for "http://127.0.0.1:$PRISM_PORT/health" 30 || { cat "$WORK"/*.log; exit 1; }
# Prism answers /health with a 4xx mock error or a documented 200; either way it is up once it answers.

JSON=(-H 'Content-Type: application/json')

echo "== 1. valid enrichment (gateway -> API)"
request -X POST "$GW" "${JSON[@]}" -H 'X-Account-ID: script-1' -d '{"email":"jane.doe@acme.io"}'
check "200" test "$STATUS" = 200
check "X-Enrich-Source: real" test "$(header X-Enrich-Source)" = real
check "real data from the store" test "$(body '[.first_name, .title, .company_name, .meta.fields.title.source, .meta.mock] | @tsv')" = "$(printf 'Jane\tSoftware Engineer\tAcme Analytics\tstore\tfalse')"

echo "== 2. invalid identifiers (400 with details, no fallback)"
request -X POST "$GW" "${JSON[@]}" -d '{"email":"not-an-email"}'
check "400 from the gateway" test "$STATUS" = 400
check "details point at the email" test "$(body '.errors[0].pointer')" = /body/email
check "no mock answer" test -z "$(header X-Enrich-Source)"
request -X POST "$API/enrich" "${JSON[@]}" -H "Authorization: Bearer $KEY" -H 'X-Account-ID: script-2' -d '{}'
check "400 problem from the API for no identifier" test "$STATUS:$(body '.errors[0].detail')" = "400:must have at least one of email, domain, company_name"

echo "== 3. partial results"
request -X POST "$API/enrich" "${JSON[@]}" -H "Authorization: Bearer $KEY" -H 'X-Account-ID: script-3' -d '{"domain":"https://www.acme.io/about"}'
check "match.status partial" test "$(body '.meta.match.status')" = partial
check "company fields filled, person fields null" test "$(body '[.company_name, (.first_name|tostring)] | @tsv')" = "$(printf 'Acme Analytics\tnull')"
check "missing lists the nulls" test "$(body '.meta.missing | index("first_name") != null')" = true

echo "== 4. rate limiting"
for _ in 1 2 3 4 5; do request -X POST "$API/enrich" "${JSON[@]}" -H "Authorization: Bearer $KEY" -H 'X-Account-ID: script-rl' -d '{"email":"jane.doe@acme.io"}'; done
request -X POST "$API/enrich" "${JSON[@]}" -H "Authorization: Bearer $KEY" -H 'X-Account-ID: script-rl' -d '{"email":"jane.doe@acme.io"}'
check "the 6th request in a minute is a 429" test "$STATUS" = 429
check "with Retry-After" test -n "$(header Retry-After)"
check "with RateLimit and RateLimit-Policy" test -n "$(header RateLimit)" -a -n "$(header RateLimit-Policy)"
request -X POST "$GW" "${JSON[@]}" -H 'X-Account-ID: script-rl' -d '{"email":"jane.doe@acme.io"}'
check "through the gateway: mock, reason rate_limited" test "$(header X-Enrich-Source):$(body '.meta.mock_reason')" = "mock:rate_limited"

echo "== 5. authentication errors"
request -X POST "$API/enrich" "${JSON[@]}" -H 'Authorization: Bearer enr_test_not-a-valid-key-00000000' -d '{"email":"jane.doe@acme.io"}'
check "401 from the API" test "$STATUS" = 401
check "with WWW-Authenticate: Bearer" test "$(header WWW-Authenticate)" = 'Bearer realm="enrich"'
request -X POST "$BAD_GW" "${JSON[@]}" -d '{"email":"lena.schneider@bergmann-antriebe.de"}'
check "through the gateway: mock, reason api_4xx" test "$(header X-Enrich-Source):$(body '.meta.mock_reason')" = "mock:api_4xx"
check "the mock agrees with the email" test "$(body '[.first_name, .business_email, .company_name, .country] | @tsv')" = "$(printf 'Lena\tlena.schneider@bergmann-antriebe.de\tBergmann Antriebe\tGermany')"
check "the gateway logs the wrong key as a configuration error" grep -q '"event":"configuration_error".*"level":"error"\|"level":"error".*"event":"configuration_error"' "$WORK/gateway-$BAD_GW_PORT.log"
curl -s "http://127.0.0.1:$BAD_GW_PORT/metrics" > "$WORK/metrics"
check "and counts it as one, not as a fallback" test "$(grep -c '^enrich_gateway_configuration_errors_total{status="401"} 1$' "$WORK/metrics"):$(grep -c '^enrich_gateway_fallbacks_total{reason="api_4xx"}' "$WORK/metrics")" = "1:0"

echo "== 6. network failure (the API stops)"
kill "$API_PID"; wait "$API_PID" 2>/dev/null
request -X POST "$GW" "${JSON[@]}" -d '{"email":"jane.doe@acme.io"}'
check "200 with mock data" test "$STATUS:$(header X-Enrich-Source):$(body '.meta.mock')" = "200:mock:true"
check "reason network" test "$(body '.meta.mock_reason')" = network
request -X POST "$GW" "${JSON[@]}" -d '{"email":"jane.doe@acme.io"}'
FIRST=$(cat "$WORK/body")
request -X POST "$GW" "${JSON[@]}" -d '{"email":"jane.doe@acme.io"}'
check "the same input gives the same mock" test "$(jq -S 'del(.meta.mock_reason)' <<<"$FIRST")" = "$(jq -S 'del(.meta.mock_reason)' "$WORK/body")"
# Until the breaker opens, each call still tries the API (with a jittered retry); once it is open the
# fallback skips the API. The seed's target is < 100 ms; it is ~5 ms here (make bench measures it).
for _ in $(seq 1 10); do
  [ "$(curl -s "http://127.0.0.1:$GW_PORT/health" | jq -r .circuit)" = open ] && break
  curl -s -o /dev/null -X POST "$GW" "${JSON[@]}" -d '{"email":"jane.doe@acme.io"}'
done
request -X POST "$GW" "${JSON[@]}" -d '{"email":"jane.doe@acme.io"}'
check "with the breaker open: reason circuit_open" test "$(body '.meta.mock_reason')" = circuit_open
check "and within the seed's 100 ms ($TIME s)" node -e "process.exit(Number('$TIME') < 0.1 ? 0 : 1)"
curl -s "http://127.0.0.1:$GW_PORT/metrics" > "$WORK/metrics"
check "gateway metrics count fallbacks by reason" grep -q 'enrich_gateway_fallbacks_total{reason="network"}' "$WORK/metrics"

echo "== 7. the API hangs (accepts, never answers)"
# Each answer within the 2 s budget (+100 ms); the breaker opens after 5 timed-out calls, and from
# then on the fallback answers at once.
TIMES=()
for i in $(seq 1 20); do
  request -X POST "http://127.0.0.1:$HANG_GW_PORT/api/enrich" "${JSON[@]}" -d "{\"email\":\"hang.user$i@greenpixel.de\"}"
  TIMES+=("$TIME")
  [ "$i" = 1 ] && FIRST_REASON=$(body '.meta.mock_reason') && FIRST_SOURCE=$(header X-Enrich-Source)
done
LAST_REASON=$(body '.meta.mock_reason')
echo "   times (s): ${TIMES[*]}"
check "the first answer is a mock, reason timeout" test "$FIRST_SOURCE:$FIRST_REASON" = "mock:timeout"
check "20 answers in a row, each within 2.1 s" node -e 'process.exit(process.argv.slice(1).every((t) => Number(t) < 2.1) ? 0 : 1)' "${TIMES[@]}"
check "the breaker opened: the last answers say circuit_open" test "$LAST_REASON" = circuit_open
check "once open, each within 100 ms (the last 10)" node -e 'process.exit(process.argv.slice(1).every((t) => Number(t) < 0.1) ? 0 : 1)' "${TIMES[@]:10}"

echo
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
