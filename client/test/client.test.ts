import { EventEmitter } from 'node:events';
import { createEnrichClient } from '../src';
import type { EnrichClientOptions, FallbackEvent, RetryEvent } from '../src/types';
import { personas } from '../../openapi/generated/contract';

const API = 'http://api.test';
const MOCK = 'http://mock.test';

type Handler = (request: Request) => Response | Promise<Response>;

/** A fetch that answers API calls with `api` and Prism calls with `mock`, recording every request. */
function fakeFetch(api: Handler, mock?: Handler) {
  const calls: Array<{ url: string; prefer: string | null }> = [];
  const impl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    calls.push({ url: request.url, prefer: request.headers.get('prefer') });
    if (request.url.startsWith(MOCK)) {
      if (mock === undefined) throw new TypeError('fetch failed');
      return mock(request);
    }
    return api(request);
  }) as typeof fetch;
  return { impl, calls, apiCalls: () => calls.filter((c) => c.url.startsWith(API)).length };
}

/** An API that never answers: its call fails only when the request's signal aborts, as fetch does. */
const hang: Handler = (request) => new Promise((_resolve, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason)));

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers } });

const realAnswer = {
  first_name: 'Jane',
  meta: { request_id: 'r1', match: { status: 'full', matched_on: ['email'], person: { found: true, matched_on: 'email', confidence: 0.98 }, company: { found: true, matched_on: 'email', confidence: 0.98 } }, fields: { first_name: { source: 'store', confidence: 0.95, fetched_at: '2026-11-29T10:00:00Z' } }, missing: [], warnings: [], cached: false, mock: false },
};

function client(fetchImpl: typeof fetch, extra: Partial<EnrichClientOptions> = {}) {
  const fallbacks: FallbackEvent[] = [];
  const retries: RetryEvent[] = [];
  const c = createEnrichClient({
    baseUrl: API,
    apiKey: 'enr_test_key',
    accountId: 'acct_1',
    fetch: fetchImpl,
    retries: 2,
    timeoutMs: 200,
    random: () => 0, // no jitter wait in tests
    onFallback: (event) => fallbacks.push(event),
    onRetry: (event) => retries.push(event),
    ...extra,
  });
  return { c, fallbacks, retries };
}

describe('createEnrichClient', () => {
  it('returns real data, typed, and sends the key and the account', async () => {
    let seen: Request | undefined;
    const fetch = fakeFetch((request) => ((seen = request), json(200, realAnswer)));
    const outcome = await client(fetch.impl).c.enrich({ email: 'jane.doe@acme.io', enrich: ['first_name'] });
    expect(outcome.kind).toBe('real');
    if (outcome.kind !== 'real') throw new Error('unreachable');
    expect(outcome.data.first_name).toBe('Jane');
    expect(outcome.meta.request_id).toBe('r1');
    expect(seen?.headers.get('authorization')).toBe('Bearer enr_test_key');
    expect(seen?.headers.get('x-account-id')).toBe('acct_1');
  });

  it('refuses an invalid request locally with the contract\'s rules, without calling anything', async () => {
    const fetch = fakeFetch(() => json(200, realAnswer));
    const { c } = client(fetch.impl);
    expect(await c.enrich({} as never)).toEqual({ kind: 'invalid', source: 'client', errors: [{ pointer: '/body', detail: 'must have at least one of email, domain, company_name' }] });
    const bad = await c.enrich({ email: 'not-an-email', enrich: ['shoe_size' as never] });
    expect(bad.kind).toBe('invalid');
    if (bad.kind === 'invalid') expect(bad.errors.map((e) => e.pointer).sort()).toEqual(['/body/email', '/body/enrich/0']);
    expect(fetch.calls).toHaveLength(0);
  });

  it('applies the API\'s identifier rules locally: blanks count as absent, padded and internationalised addresses pass', async () => {
    const fetch = fakeFetch(() => json(200, realAnswer));
    const { c } = client(fetch.impl);
    expect(await c.enrich({ email: ' ', company_name: '' })).toEqual({
      kind: 'invalid',
      source: 'client',
      errors: [
        { pointer: '/body/email', detail: 'is blank (empty or only spaces), so it counts as absent' },
        { pointer: '/body/company_name', detail: 'is blank (empty or only spaces), so it counts as absent' },
      ],
    });
    const bad = await c.enrich({ email: 'not-an-email' });
    expect(bad.kind === 'invalid' && bad.errors).toEqual([{ pointer: '/body/email', detail: 'must be an email address (name@company.com)' }]);
    expect(fetch.calls).toHaveLength(0);
    expect((await c.enrich({ email: '', domain: 'acme.io' })).kind).toBe('real');
    expect((await c.enrich({ email: '  josé.garcía@müller.de ' })).kind).toBe('real');
    expect(fetch.calls).toHaveLength(2);
  });

  it('passes the API\'s own 400 through as invalid, without falling back', async () => {
    const fetch = fakeFetch(() => json(400, { type: 'x', title: 'x', status: 400, request_id: 'r', errors: [{ pointer: '/body/email', detail: 'nope' }] }));
    const { c, fallbacks } = client(fetch.impl);
    expect(await c.enrich({ email: 'jane.doe@acme.io' })).toEqual({
      kind: 'invalid',
      source: 'api',
      errors: [{ pointer: '/body/email', detail: 'nope' }],
      problem: { status: 400, type: 'x', title: 'x', request_id: 'r' },
    });
    expect(fallbacks).toEqual([]);
  });

  it.each([
    [401, 'api_4xx', 1],
    [403, 'api_4xx', 1],
    [500, 'api_5xx', 1],
    [503, 'api_5xx', 3],
    [502, 'api_5xx', 3],
  ] as const)('falls back to a marked mock on %i (%s) after %i call(s)', async (status, reason, calls) => {
    const fetch = fakeFetch(() => json(status, { type: 'x', title: 'x', status, request_id: 'r' }));
    const { c, fallbacks } = client(fetch.impl);
    const outcome = await c.enrich({ email: 'jane.doe@acme.io' });
    expect(outcome.kind).toBe('mock');
    if (outcome.kind === 'mock') {
      expect(outcome.meta.mock).toBe(true);
      expect(outcome.meta.mock_reason).toBe(reason);
    }
    expect(fetch.apiCalls()).toBe(calls);
    expect(fallbacks).toEqual([expect.objectContaining({ reason, status, from: 'compiled' })]);
  });

  it('retries a 429 after its Retry-After and then returns real data', async () => {
    let n = 0;
    const fetch = fakeFetch(() => (++n === 1 ? json(429, { type: 'q', title: 'q', status: 429, request_id: 'r' }, { 'Retry-After': '0' }) : json(200, realAnswer)));
    const { c, retries } = client(fetch.impl);
    expect((await c.enrich({ email: 'jane.doe@acme.io' })).kind).toBe('real');
    expect(retries).toEqual([{ attempt: 1, delayMs: 0, reason: 'rate_limited', status: 429 }]);
  });

  it('falls back at once when Retry-After asks for longer than a live caller can wait', async () => {
    const fetch = fakeFetch(() => json(429, { type: 'q', title: 'q', status: 429, request_id: 'r' }, { 'Retry-After': '60' }));
    const { c, retries } = client(fetch.impl);
    const outcome = await c.enrich({ email: 'jane.doe@acme.io' });
    expect(outcome.kind === 'mock' && outcome.meta.mock_reason).toBe('rate_limited');
    expect(fetch.apiCalls()).toBe(1);
    expect(retries).toEqual([]);
  });

  it('retries network errors with backoff, then falls back with reason network', async () => {
    const fetch = fakeFetch(() => Promise.reject(new TypeError('fetch failed')));
    const { c, retries } = client(fetch.impl, { random: () => 0.5 });
    const outcome = await c.enrich({ email: 'jane.doe@acme.io' });
    expect(outcome.kind === 'mock' && outcome.meta.mock_reason).toBe('network');
    expect(retries.map((r) => [r.attempt, r.delayMs, r.reason])).toEqual([[1, 50, 'network'], [2, 100, 'network']]);
  });

  it('gives up on an attempt at its timeout and falls back with reason timeout', async () => {
    const fetch = fakeFetch(hang);
    const { c } = client(fetch.impl, { retries: 0, timeoutMs: 50 });
    const started = Date.now();
    const outcome = await c.enrich({ email: 'jane.doe@acme.io' });
    expect(outcome.kind === 'mock' && outcome.meta.mock_reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('leaves no listener on a long-lived caller signal, however many calls it makes', async () => {
    const fetch = fakeFetch(() => json(200, realAnswer));
    const { c } = client(fetch.impl);
    const page = new AbortController(); // a page's signal, alive for many calls
    for (let i = 0; i < 20; i += 1) expect((await c.enrich({ email: 'jane.doe@acme.io' }, { signal: page.signal })).kind).toBe('real');
    expect(EventEmitter.getEventListeners(page.signal, 'abort')).toHaveLength(0);
  });

  it('clears its deadlines once it has answered: the signal it gave the API call never fires later', async () => {
    let seen: AbortSignal | undefined;
    const fetch = fakeFetch((request) => ((seen = request.signal), json(200, realAnswer)));
    const { c } = client(fetch.impl, { budgetMs: 40, timeoutMs: 40 });
    expect((await c.enrich({ email: 'jane.doe@acme.io' })).kind).toBe('real');
    // Twice the budget: a deadline left running (AbortSignal.timeout cannot be cleared) would have fired by now.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen?.aborted).toBe(false);
  });

  it('lets go of the caller\'s signal when its late API call ends, after the fallback has answered', async () => {
    let apiGaveUp!: () => void;
    const gaveUp = new Promise<void>((resolve) => (apiGaveUp = resolve));
    const watched: Handler = (request) => {
      request.signal.addEventListener('abort', () => apiGaveUp());
      return hang(request);
    };
    const { c } = client(fakeFetch(watched).impl, { retries: 0, budgetMs: 150, timeoutMs: 150, fallbackAfterMs: 10 });
    const page = new AbortController();
    const outcome = await c.enrich({ email: 'jane.doe@acme.io' }, { signal: page.signal });
    expect(outcome.kind === 'mock' && outcome.meta.mock_reason).toBe('timeout');
    expect(EventEmitter.getEventListeners(page.signal, 'abort')).toHaveLength(1); // the API call still runs, within the budget
    await gaveUp;
    await new Promise((resolve) => setImmediate(resolve));
    expect(EventEmitter.getEventListeners(page.signal, 'abort')).toHaveLength(0);
  });

  it('counts a caller that gives up neither as a retry nor against the breaker', async () => {
    const { c, retries } = client(fakeFetch(hang).impl, { budgetMs: 5000, timeoutMs: 5000, breaker: { failures: 2, openMs: 60_000 } });
    for (let i = 0; i < 4; i += 1) {
      const typing = new AbortController(); // a search box: each keystroke cancels the last lookup
      const call = c.enrich({ email: 'jane.doe@acme.io' }, { signal: typing.signal });
      typing.abort();
      await expect(call).rejects.toMatchObject({ name: 'AbortError' });
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(retries).toEqual([]);
    expect(c.circuit).toBe('closed');
  });

  it('stops a call that waited on the breaker\'s trial call when its caller gives up', async () => {
    let n = 0;
    let rerun: AbortSignal | undefined;
    const fetch = fakeFetch(async (request) => {
      n += 1;
      if (n === 1) return json(500, { type: 'x', title: 'x', status: 500, request_id: 'r' });
      if (n === 2) return new Promise((resolve) => setTimeout(() => resolve(json(200, realAnswer)), 50)); // the trial, slow
      rerun = request.signal; // the waiting call, run again once the trial has passed
      return hang(request);
    });
    const { c } = client(fetch.impl, { retries: 0, budgetMs: 5000, timeoutMs: 5000, breaker: { failures: 1, openMs: 20 } });
    await c.enrich({ email: 'jane.doe@acme.io' });
    expect(c.circuit).toBe('open');
    await new Promise((resolve) => setTimeout(resolve, 30));
    const trial = c.enrich({ email: 'jane.doe@acme.io' });
    const page = new AbortController();
    const waiting = c.enrich({ email: 'jane.doe@acme.io' }, { signal: page.signal });
    expect((await trial).kind).toBe('real');
    while (rerun === undefined) await new Promise((resolve) => setImmediate(resolve));
    page.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(rerun.aborted).toBe(true);
  });

  it('does not close the breaker on a trial call its caller gave up on', async () => {
    let n = 0;
    const fetch = fakeFetch((request) => ((n += 1), n === 1 ? json(500, { type: 'x', title: 'x', status: 500, request_id: 'r' }) : hang(request)));
    const { c } = client(fetch.impl, { retries: 0, budgetMs: 5000, timeoutMs: 5000, breaker: { failures: 1, openMs: 20 } });
    await c.enrich({ email: 'jane.doe@acme.io' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const page = new AbortController();
    const trial = c.enrich({ email: 'jane.doe@acme.io' }, { signal: page.signal });
    while (n < 2) await new Promise((resolve) => setImmediate(resolve));
    page.abort();
    await expect(trial).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(c.circuit).toBe('open');
  });

  it('opens the circuit after repeated failures and then answers from the fallback without calling the API', async () => {
    const fetch = fakeFetch(() => json(500, { type: 'x', title: 'x', status: 500, request_id: 'r' }));
    const { c } = client(fetch.impl, { breaker: { failures: 3, openMs: 60_000 } });
    for (let i = 0; i < 3; i += 1) await c.enrich({ email: 'jane.doe@acme.io' });
    expect(c.circuit).toBe('open');
    const before = fetch.apiCalls();
    const outcome = await c.enrich({ email: 'jane.doe@acme.io' });
    expect(outcome.kind === 'mock' && outcome.meta.mock_reason).toBe('circuit_open');
    expect(fetch.apiCalls()).toBe(before);
  });

  it('does not open the circuit for the caller\'s own 4xx', async () => {
    const fetch = fakeFetch(() => json(401, { type: 'x', title: 'x', status: 401, request_id: 'r' }));
    const { c } = client(fetch.impl, { breaker: { failures: 2 } });
    for (let i = 0; i < 4; i += 1) await c.enrich({ email: 'jane.doe@acme.io' });
    expect(c.circuit).toBe('closed');
  });

  it('takes the persona from the Prism mock when it answers, with Prefer: example=<persona>', async () => {
    const fetch = fakeFetch(
      () => json(503, { type: 'x', title: 'x', status: 503, request_id: 'r' }),
      (request) => json(200, personas[(request.headers.get('prefer') ?? '').replace('example=', '')]),
    );
    const { c, fallbacks } = client(fetch.impl, { mockUrl: MOCK, retries: 0 });
    const outcome = await c.enrich({ email: 'oliver.bennett@northgatepay.co.uk' });
    expect(outcome.kind).toBe('mock');
    expect(fallbacks[0]?.from).toBe('prism');
    expect(fetch.calls.find((call) => call.url.startsWith(MOCK))?.prefer).toBe(`example=${fallbacks[0]?.persona}`);
  });
});

describe('mock answers', () => {
  const down = () => fakeFetch(() => Promise.reject(new TypeError('fetch failed')));

  it('agree with the identifiers sent', async () => {
    const outcome = await client(down().impl, { retries: 0 }).c.enrich({ email: 'Maria.Lopez@Globex.io', company_name: 'Globex Corp' });
    if (outcome.kind !== 'mock') throw new Error('expected a mock');
    expect(outcome.data).toMatchObject({ first_name: 'Maria', last_name: 'Lopez', business_email: 'maria.lopez@globex.io', company_name: 'Globex Corp' });
    expect(outcome.meta.match.matched_on).toEqual(['email', 'company_name']);
    for (const provenance of Object.values(outcome.meta.fields)) expect(provenance?.source).toBe('mock');
  });

  it('file a free-mail address as the personal email', async () => {
    const outcome = await client(down().impl, { retries: 0 }).c.enrich({ email: 'sam.tan@gmail.com', enrich: ['personal_email', 'business_email'] });
    if (outcome.kind !== 'mock') throw new Error('expected a mock');
    expect(outcome.data).toEqual({ personal_email: 'sam.tan@gmail.com', business_email: null });
  });

  it('are byte-identical for the same input', async () => {
    const a = await client(down().impl, { retries: 0 }).c.enrich({ email: 'jane.doe@acme.io' });
    const b = await client(down().impl, { retries: 0 }).c.enrich({ email: 'jane.doe@acme.io' });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('vary across inputs', async () => {
    const chosen = new Set<string>();
    for (let i = 0; i < 10; i += 1) {
      const { c, fallbacks } = client(down().impl, { retries: 0 });
      await c.enrich({ email: `person${i}@company${i}.com` });
      chosen.add(fallbacks[0]!.persona);
    }
    expect(chosen.size).toBeGreaterThanOrEqual(4);
  });

  const mockOf = async (input: Parameters<ReturnType<typeof client>['c']['enrich']>[0]) => {
    const outcome = await client(down().impl, { retries: 0 }).c.enrich(input);
    if (outcome.kind !== 'mock') throw new Error('expected a mock');
    return outcome;
  };

  it('take the company from the domain and the country from its country-code TLD', async () => {
    const { data } = await mockOf({ email: 'paul.muller@greenpixel.de' });
    expect(data).toMatchObject({ first_name: 'Paul', last_name: 'Muller', company_name: 'Greenpixel', country: 'Germany', business_email: 'paul.muller@greenpixel.de', personal_email: null });
    expect((await mockOf({ domain: 'https://www.bergmann-antriebe.de/kontakt' })).data.company_name).toBe('Bergmann Antriebe');
    expect((await mockOf({ domain: 'northgatepay.co.uk' })).data.country).toBe('United Kingdom');
  });

  it('invent no person for a domain and no names for a role mailbox, and never an email', async () => {
    const company = await mockOf({ domain: 'greenpixel.de' });
    expect(company.data).toMatchObject({ first_name: null, last_name: null, title: null, seniority: null, business_email: null, personal_email: null, company_name: 'Greenpixel' });
    expect(company.meta.match).toMatchObject({ status: 'partial', matched_on: ['domain'], person: { found: false }, company: { found: true, matched_on: 'domain' } });
    const person = await mockOf({ email: 'paul.muller@greenpixel.de' });
    expect(person.meta.match).toMatchObject({ person: { found: true, matched_on: 'email' }, company: { found: true, matched_on: 'email' } });
    const role = await mockOf({ email: 'info@acme.io' });
    expect(role.data).toMatchObject({ first_name: null, last_name: null, title: null, business_email: 'info@acme.io', personal_email: null, company_name: 'Acme' });
    expect(role.meta.match.person).toEqual({ found: false, matched_on: null, confidence: null });
  });

  it('keep seniority and department consistent with the persona\'s title', async () => {
    for (let i = 0; i < 12; i += 1) {
      const { data } = await mockOf({ email: `someone.here${'abcdefghijkl'[i]}@company${i}.com` });
      const persona = Object.values(personas).find((p) => p.title === data.title);
      expect(persona).toBeDefined();
      expect([data.seniority, data.department]).toEqual([persona!.seniority, persona!.department]);
    }
  });

  it('answer none for a reserved domain, as the API would', async () => {
    const { meta, data } = await mockOf({ domain: 'unknown-company.example', enrich: ['company_name', 'industry'] });
    expect(meta.match.status).toBe('none');
    expect(data).toEqual({ company_name: null, industry: null });
  });

  it('hold exactly the requested fields', async () => {
    const outcome = await client(down().impl, { retries: 0 }).c.enrich({ domain: 'acme.io', enrich: ['industry', 'company_size'] });
    if (outcome.kind !== 'mock') throw new Error('expected a mock');
    expect(Object.keys(outcome.data).sort()).toEqual(['company_size', 'industry']);
  });
});
