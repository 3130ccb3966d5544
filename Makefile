# The front door: every target calls an npm script (see package.json).
.PHONY: start test lint generate mock contract install

node_modules/.package-lock.json: package.json package-lock.json
	npm ci

install: node_modules/.package-lock.json

## make start: install if needed, then serve on the embedded defaults (prints a development key)
start: install
	npm start

## make test: drift check, type check, unit/HTTP tests (incl. real Prism), contract tests (Dredd + prism proxy)
test: install
	npm test

## make lint: Spectral (OpenAPI ruleset) on the spec, tsc on the code
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
