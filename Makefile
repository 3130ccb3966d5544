# The front door: every target calls an npm script (see package.json).
.PHONY: start dev build test lint generate mock contract gateway scenarios bench eval mutation install cluster soak

node_modules/.package-lock.json: package.json package-lock.json
	npm ci

install: node_modules/.package-lock.json

# The compiled build is redone only when a source (or the install) is newer than it.
BUILD_SOURCES := $(shell find server/src client/src client/gateway client/studio common openapi/generated \( -name '*.ts' -o -name '*.json' -o -name '*.html' -o -name '*.css' -o -name '*.mjs' \) 2>/dev/null)
dist/BUILD: node_modules/.package-lock.json scripts/build.mjs $(BUILD_SOURCES)
	npm run build

## make build: compile server, CLI and gateway into dist/ (npm run build)
build: dist/BUILD

## make start: install and build if needed, then serve the compiled server on the embedded defaults (prints a development key)
start: install build
	npm start

## make dev: the server from the TypeScript sources, restarted on every change (tsx watch)
dev: install
	npm run dev

## make test: drift check, type check, unit/HTTP tests (incl. real Prism), contract tests (Dredd + prism proxy), scenarios, a 60 s soak
test: install
	npm test

## make lint: Spectral (OpenAPI + OWASP API Security rulesets) on the spec, tsc on the code
lint: install
	npm run lint

## make generate: regenerate openapi/generated/ from openapi/enrich.yaml
generate: install
	npm run generate

## make mock: Prism serving the spec on 127.0.0.1:4010 (MOCK_PORT to change)
mock: install
	npm run mock

## make contract: the running server checked against the spec by Dredd and prism proxy --errors
contract: install
	npm run test:contract

## make gateway: the Studio page (http://localhost:3000/) and the local API (POST /api/enrich, batch under /api) on GATEWAY_PORT (3000),
## in front of ENRICH_API_URL (default http://localhost:8080, the server of make start) with ENRICH_API_KEY (default: make start's development key); ENRICH_MOCK_URL optional
gateway: install build
	ENRICH_API_URL="$${ENRICH_API_URL:-http://localhost:8080}" ENRICH_API_KEY="$${ENRICH_API_KEY:-$$(cat .enrich-dev-key 2>/dev/null)}" npm run gateway

## make scenarios: scripts/test-realtime-enrichment.sh, the seven scenarios end to end (part of make test)
scenarios: install
	npm run test:scenarios

## make bench: load benchmarks on 127.0.0.1 (~4.5 minutes), then the batch benchmark (BENCH_BATCH_ROWS, 100k), results rewritten in docs/BENCHMARKS.md
bench: install
	npm run bench

## make eval: match quality (precision, recall, calibration) on the labelled set (fixed seed, ~10 s), rewritten in docs/QUALITY.md
eval: install
	npm run eval

## make mutation: Stryker over the enrichment core with its unit tests (~2-4 minutes); reports in reports/mutation/
mutation: install
	npm run mutation

## make cluster: two compiled instances on a private PostgreSQL and Redis behind HAProxy, on loopback (Ctrl-C stops it)
cluster: install
	npm run cluster

## make soak: load through HAProxy for ~5 minutes while instances, Redis and PostgreSQL fail; results in docs/RELIABILITY.md
soak: install
	npm run soak
