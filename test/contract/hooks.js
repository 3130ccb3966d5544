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
const ENQUEUE = '/enrich/enqueue > Enrich a list of records as a job';
const GET_JOB = "/jobs/{id} > A job's state and progress";
const CANCEL_JOB = '/jobs/{id} > Cancel a job';
const RESULTS = "/jobs/{id}/results > A job's result rows, streamed";
const REDELIVER = "/jobs/{id}/webhook/redeliver > Send a finished job's webhook again";
const EXAMPLE_JOB = 'job_7f3a9c2e41d84b06';
// Jobs made before the run (beforeAll): a finished one with a webhook, one without, one to cancel.
const jobs = {};
const recorded = [];
let account = 0;

// Statuses the running server cannot be made to give from outside; each says why.
const UNREACHABLE = {
  [`${ENRICH} > 403 > application/problem+json`]: 'needs a revoked stored key; covered by the supertest suite (keys.http.test.ts)',
  [`${ENRICH} > 500 > application/problem+json`]: 'no request makes a correct server fail; covered by the supertest suite',
  [`${ENRICH} > 503 > application/problem+json`]: 'needs a source that is down; covered by the supertest suite',
  '/ready > Readiness > 503 > application/json': 'needs a dependency that is down; covered by the supertest suite',
};
for (const name of [`${ENQUEUE} > 500`, `${ENQUEUE} > 503`, `${GET_JOB} > 500`, `${CANCEL_JOB} > 500`, `${RESULTS} > 500`, `${REDELIVER} > 500`]) {
  UNREACHABLE[`${name} > application/problem+json`] = 'no request makes a correct server fail (503: the contract server has a store); covered by the supertest suite';
}
for (const name of [GET_JOB, CANCEL_JOB, RESULTS, REDELIVER]) {
  UNREACHABLE[`${name} > 429 > application/problem+json`] = 'the same per-account limiter guards every bearer operation; its 429 is driven on POST /enrich and /enrich/enqueue here and on every window in the supertest suite';
  UNREACHABLE[`${name} > 400 > application/problem+json`] = 'a malformed job id or cursor is refused by the same request validator as every 400 here; covered by the supertest suite';
}
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
  if (transaction.request.uri.startsWith('/enrich') || transaction.request.uri.startsWith('/jobs')) {
    transaction.request.headers['Authorization'] = `Bearer ${KEY}`;
    // One account per transaction, so only the 429 transaction meets the low per-minute limit.
    account += 1;
    transaction.request.headers['X-Account-ID'] = `contract-${account}`;
  }
});

/** POSTs through the API as the contract tenant (a fresh account each call, so the low minute limit holds). */
async function api(transaction, method, path, body, type = 'application/json') {
  account += 1;
  const res = await fetch(`${transaction.protocol}//${transaction.host}:${transaction.port}${path}`, {
    method,
    headers: { Authorization: `Bearer ${KEY}`, 'X-Account-ID': `contract-setup-${account}`, 'Content-Type': type },
    body,
  });
  return { status: res.status, body: await res.json() };
}

async function finished(transaction, id) {
  for (let i = 0; i < 400; i += 1) {
    const { body } = await api(transaction, 'GET', `/jobs/${id}`);
    if (['completed', 'failed', 'cancelled'].includes(body.state)) return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${id} did not finish`);
}

hooks.beforeAll((transactions, done) => {
  const first = transactions[0];
  const setup = async () => {
    const records = JSON.stringify({ records: [{ id: 'c-1', email: 'jane.doe@acme.io' }, { id: 'c-2', email: 'not-an-email' }] });
    const plain = await api(first, 'POST', '/enrich/enqueue', records);
    const hooked = await api(first, 'POST', '/enrich/enqueue', JSON.stringify({ ...JSON.parse(records), webhook_url: 'https://hooks.example.com/enrich' }));
    if (plain.status !== 202 || hooked.status !== 202) throw new Error(`setting up jobs: ${plain.status} ${hooked.status} ${JSON.stringify(hooked.body)}`);
    jobs.plain = (await finished(first, plain.body.id)).id;
    jobs.hooked = (await finished(first, hooked.body.id)).id;
  };
  setup().then(
    () => done(),
    (error) => {
      for (const t of transactions) t.fail = error.message;
      done();
    },
  );
});

// The example job id exists only in the examples: the 2xx/406/409 transactions use real jobs; 404 keeps it.
const withJob = (key) => (transaction) => {
  transaction.request.uri = transaction.request.uri.replace(EXAMPLE_JOB, jobs[key]);
  transaction.fullPath = transaction.fullPath.replace(EXAMPLE_JOB, jobs[key]);
};
hooks.before(`${GET_JOB} > 200 > application/json`, withJob('plain'));
hooks.before(`${CANCEL_JOB} > 200 > application/json`, withJob('plain'));
hooks.before(`${RESULTS} > 200 > application/x-ndjson`, withJob('plain'));
hooks.before(`${RESULTS} > 200 > text/csv`, withJob('plain'));
hooks.before(`${RESULTS} > 406 > application/problem+json`, (transaction) => {
  withJob('plain')(transaction);
  transaction.request.headers['Accept'] = 'application/xml';
});
hooks.before(`${REDELIVER} > 202 > application/json`, withJob('hooked'));
hooks.before(`${REDELIVER} > 409 > application/problem+json`, withJob('plain'));
for (const name of [GET_JOB, CANCEL_JOB, RESULTS, REDELIVER]) {
  hooks.before(`${name} > 401 > application/problem+json`, (transaction) => {
    delete transaction.request.headers['Authorization'];
  });
}

// POST /enrich/enqueue is documented with three request media types; Dredd makes each status once per type.
const isJson = (transaction) => /json/.test(transaction.request.headers['Content-Type'] || '') && !/ndjson/.test(transaction.request.headers['Content-Type']);
hooks.before(`${ENQUEUE} > 400 > application/problem+json`, (transaction) => {
  if (isJson(transaction)) transaction.request.body = JSON.stringify({ records: [] });
  else {
    transaction.request.uri = transaction.request.uri.replace(/enrich=[^&]*/, 'enrich=shoe_size');
    transaction.fullPath = transaction.fullPath.replace(/enrich=[^&]*/, 'enrich=shoe_size');
  }
});
hooks.before(`${ENQUEUE} > 401 > application/problem+json`, (transaction) => {
  delete transaction.request.headers['Authorization'];
});
hooks.before(`${ENQUEUE} > 413 > application/problem+json`, (transaction) => {
  if (!isJson(transaction)) {
    transaction.skip = true;
    hooks.log('skipping the 413 of a CSV/NDJSON upload: uploads are streamed and have no size limit');
    return;
  }
  const records = Array.from({ length: 3000 }, (_, i) => ({ id: `big-${i}`, email: `person${i}@example.com` }));
  transaction.request.body = JSON.stringify({ records });
});
hooks.before(`${ENQUEUE} > 415 > application/problem+json`, (transaction) => {
  transaction.request.headers['Content-Type'] = 'text/plain';
  transaction.request.body = 'email=jane.doe@acme.io';
});
hooks.before(`${ENQUEUE} > 429 > application/problem+json`, (transaction, done) => {
  // Use up a fresh account's minute window on POST /enrich (the windows are the account's, whatever the operation).
  account += 1;
  transaction.request.headers['X-Account-ID'] = `contract-429-enqueue-${account}`;
  const url = `${transaction.protocol}//${transaction.host}:${transaction.port}/enrich`;
  const headers = { Authorization: transaction.request.headers['Authorization'], 'X-Account-ID': transaction.request.headers['X-Account-ID'], 'Content-Type': 'application/json' };
  const fill = async () => {
    for (let i = 0; i < LIMIT; i += 1) {
      const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ email: 'jane.doe@acme.io' }) });
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
  `${RESULTS} > 200 > application/x-ndjson`,
  `${RESULTS} > 200 > text/csv`,
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
  // Prism (5.14) drops an application/x-ndjson request body ("Body parameter is required"), so those
  // requests cannot be replayed through it; Dredd checked them above, and jest-openapi in the suite.
  if (/ndjson/.test(transaction.request.headers['Content-Type'] || '')) return;
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
