import { readFileSync } from 'node:fs';
import jestOpenAPI from 'jest-openapi';
import { parse } from 'yaml';
import { SPEC, startPrism, type RunningPrism } from '../prism';

const NOT_FOUND = { found: false, matched_on: null, confidence: null };

jestOpenAPI(SPEC);

const spec = parse(readFileSync(SPEC, 'utf8'));
const personas: Record<string, { value: Record<string, unknown> & { meta: Record<string, unknown> } }> =
  spec.paths['/enrich'].post.responses['200'].content['application/json'].examples;

describe('Prism serving the contract (a real process)', () => {
  let prism: RunningPrism;
  beforeAll(async () => {
    prism = await startPrism({ mode: 'mock' });
  }, 40_000);
  afterAll(async () => {
    await prism?.stop();
  });

  const enrich = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${prism.url}/enrich`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer enr_test_any-key-for-prism', ...headers },
      body: JSON.stringify(body),
    });

  it('has at least 8 personas and a no-match example, all marked mock', () => {
    expect(Object.keys(personas).length).toBeGreaterThanOrEqual(9);
    expect(personas['no_match']?.value.meta['match']).toEqual({ status: 'none', matched_on: [], person: NOT_FOUND, company: NOT_FOUND });
    for (const persona of Object.values(personas)) expect(persona.value.meta['mock']).toBe(true);
  });

  it.each(Object.keys(personas))('returns persona %s for Prefer: example=<name>', async (name) => {
    const res = await enrich({ email: 'someone@example.com' }, { Prefer: `example=${name}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(personas[name]!.value);
  });

  it('refuses an invalid request with the documented 400 problem and lists the violations', async () => {
    const res = await enrich({ enrich: ['shoe_size'] });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await res.json()).type).toBe('https://enrich.example.com/problems/invalid-request');
    const violations = JSON.parse(res.headers.get('sl-violations') ?? '[]') as Array<{ code: string; location: string[] }>;
    expect(violations).toContainEqual(expect.objectContaining({ code: 'enum', location: ['request', 'body', 'enrich', '0'] }));
    expect(violations).toContainEqual(expect.objectContaining({ code: 'anyOf' }));
  });

  it('refuses a request without a key with 401', async () => {
    const res = await fetch(`${prism.url}/enrich`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'a.b@acme.io' }),
    });
    expect(res.status).toBe(401);
  });
});
