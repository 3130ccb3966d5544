// Dredd hooks: authenticate, and rewrite each documented transaction so that it really produces its
// own status (not the same valid request reported under every status). Every request Dredd sends is
// recorded for the `prism proxy --errors` replay (scripts/contract-replay.mjs).
const fs = require('node:fs');
const hooks = require('hooks');

const KEY = process.env.CONTRACT_KEY;
const METRICS_TOKEN = process.env.CONTRACT_METRICS_TOKEN;
const LIMIT = Number(process.env.CONTRACT_MINUTE_LIMIT);
const RECORD = process.env.CONTRACT_RECORD;
const ENRICH = '/enrich > Enrich a person or company in real time';
const recorded = [];
let account = 0;

// Statuses the running server cannot be made to give from outside; each says why.
const UNREACHABLE = {
  [`${ENRICH} > 403 > application/problem+json`]: 'needs a revoked stored key; covered by the supertest suite (keys.http.test.ts)',
  [`${ENRICH} > 500 > application/problem+json`]: 'no request makes a correct server fail; covered by the supertest suite',
  [`${ENRICH} > 503 > application/problem+json`]: 'needs a source that is down; covered by the supertest suite',
  '/ready > Readiness > 503 > application/json': 'needs a dependency that is down; covered by the supertest suite',
};
for (const path of ['/health > Liveness', '/ready > Readiness', '/metrics > Prometheus metrics', '/openapi.yaml > This OpenAPI document', '/docs > Rendered API reference']) {
  UNREACHABLE[`${path} > 500 > application/problem+json`] = 'no request makes a correct server fail; covered by the supertest suite';
}

hooks.beforeEach((transaction) => {
  const reason = UNREACHABLE[transaction.name];
  if (reason) {
    transaction.skip = true;
    hooks.log(`skipping "${transaction.name}": ${reason}`);
    return;
  }
  if (transaction.request.uri.startsWith('/enrich')) {
    transaction.request.headers['Authorization'] = `Bearer ${KEY}`;
    // One account per transaction, so only the 429 transaction meets the low per-minute limit.
    account += 1;
    transaction.request.headers['X-Account-ID'] = `contract-${account}`;
  }
});

hooks.before('/metrics > Prometheus metrics > 200 > text/plain', (transaction) => {
  transaction.request.headers['Authorization'] = `Bearer ${METRICS_TOKEN}`;
});

hooks.before('/metrics > Prometheus metrics > 401 > application/problem+json', (transaction) => {
  transaction.request.headers['Authorization'] = 'Bearer not-the-metrics-token';
});

hooks.before(`${ENRICH} > 400 > application/problem+json`, (transaction) => {
  transaction.request.body = JSON.stringify({ enrich: ['first_name'] });
});

hooks.before(`${ENRICH} > 401 > application/problem+json`, (transaction) => {
  delete transaction.request.headers['Authorization'];
});

hooks.before(`${ENRICH} > 413 > application/problem+json`, (transaction) => {
  transaction.request.body = JSON.stringify({ email: 'jane.doe@acme.io', company_name: 'x'.repeat(40000) });
});

hooks.before(`${ENRICH} > 415 > application/problem+json`, (transaction) => {
  transaction.request.headers['Content-Type'] = 'text/plain';
  transaction.request.body = 'email=jane.doe@acme.io';
});

hooks.before(`${ENRICH} > 429 > application/problem+json`, (transaction, done) => {
  // Use up this account's minute window, then let Dredd send the transaction's own request.
  transaction.request.headers['X-Account-ID'] = 'contract-429';
  const url = `${transaction.protocol}//${transaction.host}:${transaction.port}/enrich`;
  const fill = async () => {
    for (let i = 0; i < LIMIT; i += 1) {
      const res = await fetch(url, { method: 'POST', headers: transaction.request.headers, body: transaction.request.body });
      if (res.status !== 200) throw new Error(`filling the limit: expected 200, got ${res.status}`);
    }
  };
  fill().then(
    () => done(),
    (error) => {
      transaction.fail = error.message;
      done();
    },
  );
});

// Dredd compares a body with the shape of the spec's first example, or text bodies byte for byte.
// Metrics and HTML change on every call: Dredd checks their status and headers; their bodies are
// checked against the schema by the `prism proxy --errors` replay and by jest-openapi. (The /enrich
// 200 body is compared: the server runs on the sample data, where jane.doe@acme.io is a full record.)
const BODY_CHECKED_ELSEWHERE = new Set([
  '/metrics > Prometheus metrics > 200 > text/plain',
  '/docs > Rendered API reference > 200 > text/html',
]);

// Dredd compares Content-Type exactly; the server rightly adds a charset.
hooks.beforeEachValidation((transaction) => {
  if (BODY_CHECKED_ELSEWHERE.has(transaction.name)) delete transaction.expected.body;
  const headers = transaction.real && transaction.real.headers;
  if (headers && headers['content-type']) headers['content-type'] = headers['content-type'].replace(/;\s*charset=utf-8$/i, '');
});

hooks.afterEach((transaction) => {
  if (transaction.skip) return;
  recorded.push({
    name: transaction.name,
    method: transaction.request.method,
    uri: transaction.request.uri,
    headers: transaction.request.headers,
    body: transaction.request.body,
    expectedStatus: Number(transaction.expected.statusCode),
  });
});

// Dredd treats a hook by its arity: without `done` here it waits forever and exits 0 (see contract.sh).
hooks.afterAll((_transactions, done) => {
  fs.writeFileSync(RECORD, JSON.stringify(recorded, null, 2));
  done();
});
