import request from 'supertest';
import type { EnrichResult } from '../src/enrichment/engine';
import type { EnrichmentService } from '../src/enrichment/service';
import { createBodySerialiser } from '../src/http/operations/enrichBody';
import { toAnswerBody as toResponseBody } from '../src/enrichment/answerBody';
import { validateEnrichResponse } from '../../common/validators';
import { AUTH, testApp } from './helpers';

const NOT_FOUND = { found: false, matchedOn: null, confidence: null };
const AT = new Date('2026-11-01T09:30:00.123Z');

const full: EnrichResult = {
  values: { first_name: 'Jane', last_name: 'D\u00f6e "the" \\ \n\u2028', title: '"meta":{"request_id":""', company_name: null },
  provenance: {
    first_name: { source: 'store', confidence: 0.98, fetchedAt: AT },
    last_name: { source: 'web', confidence: 0.7, fetchedAt: AT, alternatives: [{ value: 'Doe', source: 'store', confidence: 0.6 }] },
    title: { source: 'derived', confidence: 0.5, fetchedAt: AT },
  },
  missing: ['company_name'],
  warnings: [{ source: 'web', code: 'timeout', detail: 'web did not answer within 1500 ms' }],
  match: { status: 'partial', matchedOn: ['email'], person: { found: true, matchedOn: 'email', confidence: 0.98 }, company: NOT_FOUND },
  consulted: ['store', 'web'],
  timings: { store: 1.5 },
};
const none: EnrichResult = {
  values: {},
  provenance: {},
  missing: [],
  warnings: [],
  match: { status: 'none', matchedOn: [], person: NOT_FOUND, company: NOT_FOUND },
  consulted: ['store'],
  timings: {},
};

describe('pre-serialised 200 bodies', () => {
  it.each([
    ['a partial record with alternatives and awkward strings', full],
    ['an answer with no fields', none],
  ])('give the same bytes as JSON.stringify of the normal body: %s', (_name, result) => {
    const serialise = createBodySerialiser();
    for (const requestId of ['r-1', 'id "quoted" \\ \u00e9', '']) {
      for (const cached of [true, false]) {
        expect(serialise(result)(requestId, cached)).toBe(JSON.stringify(toResponseBody(result, requestId, cached)));
      }
    }
  });

  it('serialise a result once and reuse it on every hit', () => {
    const serialise = createBodySerialiser();
    expect(serialise(full)).toBe(serialise(full));
    expect(serialise({ ...full })).not.toBe(serialise(full));
  });
});

describe('POST /enrich with pre-serialised bodies (production: responses not validated)', () => {
  const enrichment = (result: EnrichResult, cached = true): EnrichmentService => ({
    enrich: async () => ({ result, cached, sources: cached ? ['cache'] : ['store'] }),
    settled: async () => undefined,
  });

  it.each([
    ['partial, cached', full, true],
    ['none, cached', none, true],
    ['partial, fresh from the sources', full, false],
  ])('answers the bytes, Content-Type and Content-Length res.json answers, without an ETag (%s)', async (_name, result, cached) => {
    const normal = testApp({ VALIDATE_RESPONSES: 'on' }, { enrichment: enrichment(result, cached) });
    const spliced = testApp({ VALIDATE_RESPONSES: 'off' }, { enrichment: enrichment(result, cached) });
    const send = (app: typeof normal.app) =>
      request(app).post('/enrich').set(AUTH).set('X-Request-ID', 'same-id').send({ email: 'jane.doe@acme.io' }).expect(200);
    const [a, b] = [await send(normal.app), await send(spliced.app)];
    expect(b.text).toBe(a.text);
    expect(b.headers['content-type']).toBe(a.headers['content-type']);
    expect(b.headers['content-length']).toBe(a.headers['content-length']);
    // Every answer carries its own request id, so an ETag could never match: none is made.
    expect(b.headers['etag']).toBeUndefined();
    expect(b.body.meta).toMatchObject({ request_id: 'same-id', cached, mock: false });
    expect(validateEnrichResponse(b.body)).toBe(true);
  });
});
