import { PassThrough } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { problemHandler } from '../src/http/problem';
import { contractValidation } from '../src/http/validation';
import { createLogger } from '../src/observability/logger';
import { loadSpec } from '../src/spec';

const spec = loadSpec();

/** express.json, the contract validation and an echo of what the handler received (and whether the validator saw it). */
function app(fastEnrich: boolean) {
  const built = express();
  built.use((_req, res, next) => {
    res.locals.requestId = 'r-1';
    next();
  });
  built.use(express.json({ type: 'application/json' }));
  built.use(contractValidation(spec.document, { validateResponses: false, fastEnrich }));
  built.post('/enrich', (req, res) => {
    res.json({ body: req.body, validatorSaw: (req as { openapi?: unknown }).openapi !== undefined });
  });
  built.use(problemHandler(createLogger({ level: 'error', stream: new PassThrough() })));
  return built;
}

const CASES: Array<[string, { body?: string; type?: string; path?: string; headers?: Record<string, string> }]> = [
  ['an email', { body: '{"email":"jane.doe@acme.io"}' }],
  ['every field', { body: '{"email":"jane@acme.io","domain":"https://www.acme.io/x","company_name":"Acme","enrich":["first_name","title"],"min_confidence":0.5,"deadline_ms":1500}' }],
  ['no identifier', { body: '{"enrich":["first_name"]}' }],
  ['an empty object', { body: '{}' }],
  ['an unknown property', { body: '{"email":"jane@acme.io","phone":"1"}' }],
  ['a bad email', { body: '{"email":"not an email"}' }],
  ['an unknown field name', { body: '{"email":"jane@acme.io","enrich":["shoe_size"]}' }],
  ['repeated field names', { body: '{"email":"jane@acme.io","enrich":["title","title"]}' }],
  ['a deadline out of range', { body: '{"email":"jane@acme.io","deadline_ms":99}' }],
  ['a fractional deadline', { body: '{"email":"jane@acme.io","deadline_ms":150.5}' }],
  ['a string confidence', { body: '{"email":"jane@acme.io","min_confidence":"0.5"}' }],
  ['an array body', { body: '[]' }],
  ['a query string', { body: '{"email":"jane@acme.io"}', path: '/enrich?x=1' }],
  ['text/plain', { body: '{"email":"jane@acme.io"}', type: 'text/plain' }],
  ['JSON with a charset', { body: '{"email":"jane@acme.io"}', type: 'application/json; charset=utf-8' }],
  ['an odd JSON media type', { body: '{"email":"jane@acme.io"}', type: 'application/json; charset=latin1' }],
  ['a long X-Request-ID', { body: '{"email":"jane@acme.io"}', headers: { 'X-Request-ID': 'x'.repeat(201) } }],
  ['a bad X-Account-ID', { body: '{"email":"jane@acme.io"}', headers: { 'X-Account-ID': 'has space' } }],
  ['a good X-Account-ID', { body: '{"email":"jane@acme.io"}', headers: { 'X-Account-ID': 'acct_4821' } }],
];

describe('contract validation with the fast POST /enrich check', () => {
  const fast = app(true);
  const full = app(false);
  it.each(CASES)('answers %s exactly as express-openapi-validator alone does', async (_name, c) => {
    const send = (target: express.Express) =>
      request(target)
        .post(c.path ?? '/enrich')
        .set('Content-Type', c.type ?? 'application/json')
        .set(c.headers ?? {})
        .send(c.body);
    const [a, b] = [await send(full), await send(fast)];
    expect(b.status).toBe(a.status);
    expect(b.headers['content-type']).toBe(a.headers['content-type']);
    if (a.status === 200) expect(b.body.body).toEqual(a.body.body);
    else expect(b.text).toBe(a.text);
  });

  it('leaves a valid POST /enrich to the precompiled check alone', async () => {
    const res = await request(fast).post('/enrich').send({ email: 'jane.doe@acme.io' }).expect(200);
    expect(res.body.validatorSaw).toBe(false);
    const slow = await request(full).post('/enrich').send({ email: 'jane.doe@acme.io' }).expect(200);
    expect(slow.body.validatorSaw).toBe(true);
  });
});
