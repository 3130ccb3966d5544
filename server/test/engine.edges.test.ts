/**
 * Engine behaviour `make mutation` found untested: warnings per failure kind, the "no source
 * available" rule, min_confidence at its boundary, matched identifiers in order, timings.
 */
import { getEventListeners } from 'node:events';
import { enrich, mergeValue, NoSourceAvailableError, SourceUnavailableError, type Source } from '../src/enrichment/engine';
import { normaliseIdentifiers } from '../src/enrichment/identifiers';

const at = new Date('2026-11-29T10:00:00Z');
const value = (v: string, confidence: number, matchedOn: 'email' | 'domain' | 'company_name' = 'email') => ({ value: v, confidence, fetchedAt: at, matchedOn });
const query = (wanted: Parameters<typeof enrich>[0]['wanted'], extra: Partial<Parameters<typeof enrich>[0]> = {}) => ({
  identifiers: normaliseIdentifiers({ email: 'jane.doe@acme.io', domain: 'acme.io', company_name: 'Acme Analytics' }),
  wanted,
  minConfidence: 0,
  deadlineMs: 1000,
  ...extra,
});
const failing = (name: Source['name'], error: Error): Source => ({ name, provides: ['title', 'industry'], lookup: async () => Promise.reject(error) });
/** A source that answers only when the deadline aborts its signal. */
const untilDeadline = (name: Source['name']): Source => ({
  name,
  provides: ['title', 'industry'],
  lookup: (_ids, _wanted, signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve({}))),
});

describe('enrich: failures and warnings', () => {
  it('reports an unavailable source with its reason and a failed one without internals', async () => {
    const ok: Source = { name: 'provider', provides: ['title'], lookup: async () => ({ title: value('CTO', 0.9) }) };
    const result = await enrich(query(['title', 'industry']), [failing('web', new SourceUnavailableError('circuit open')), failing('dns', new Error('ECONNRESET 10.0.0.1')), ok]);
    expect(result.warnings).toEqual([
      { source: 'web', code: 'unavailable', detail: 'web is unavailable: circuit open' },
      { source: 'dns', code: 'error', detail: 'dns failed; its fields are left out' },
    ]);
    expect(result.values).toEqual({ title: 'CTO', industry: null });
  });

  it('throws NoSourceAvailableError, named and explained, when every needed source is unavailable', async () => {
    const error = await enrich(query(['title']), [failing('store', new SourceUnavailableError('database down')), failing('web', new SourceUnavailableError('switched off'))]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoSourceAvailableError);
    expect(error).toMatchObject({ name: 'NoSourceAvailableError', message: 'no enrichment source could be consulted' });
    expect((error as NoSourceAvailableError).warnings.map((w) => w.code)).toEqual(['unavailable', 'unavailable']);
  });

  it('names the error a source throws when it cannot be consulted', () => {
    expect(new SourceUnavailableError('circuit open')).toMatchObject({ name: 'SourceUnavailableError', message: 'circuit open' });
  });

  it('answers partially, not with NoSourceAvailableError, when the deadline rather than a failure left nothing', async () => {
    const result = await enrich(query(['title'], { deadlineMs: 50 }), [failing('store', new Error('boom')), untilDeadline('web'), untilDeadline('provider')]);
    expect(result.values).toEqual({ title: null });
    expect(result.warnings).toEqual([
      { source: 'store', code: 'error', detail: 'store failed; its fields are left out' },
      { source: 'web', code: 'timeout', detail: 'web did not answer within 50 ms' },
      { source: 'provider', code: 'timeout', detail: 'provider was not consulted: the 50 ms deadline had passed' },
    ]);
  });

  it('records how long each source took, within the time the whole call took', async () => {
    const started = performance.now();
    const waits: Source = { name: 'store', provides: ['title'], lookup: () => new Promise((resolve) => setTimeout(() => resolve({ title: value('CTO', 0.9) }), 20)) };
    const result = await enrich(query(['title', 'industry']), [waits, failing('web', new Error('x'))]);
    const total = performance.now() - started;
    for (const source of ['store', 'web'] as const) {
      const took = result.timings[source];
      expect(took).toBeGreaterThanOrEqual(0);
      expect(took).toBeLessThanOrEqual(total + 0.01);
      expect(Math.round(took! * 100) / 100).toBe(took); // kept to hundredths of a millisecond
    }
    expect(result.timings.store).toBeGreaterThanOrEqual(15); // it waited 20 ms: measured in milliseconds, not rounded away (timers may fire a little early)
  });

  it('leaves no listener on the deadline signal once a source has answered or failed', async () => {
    const listenersLeft: number[] = [];
    const answers: Source = { name: 'store', provides: ['title'], lookup: async () => ({ title: value('CTO', 0.9) }) };
    const fails: Source = { name: 'web', provides: ['industry'], lookup: async () => Promise.reject(new Error('boom')) };
    const counts: Source = {
      name: 'provider',
      provides: ['phone'],
      lookup: async (_ids, _wanted, signal) => {
        listenersLeft.push(getEventListeners(signal, 'abort').length);
        return {};
      },
    };
    await enrich(query(['title', 'industry', 'phone']), [answers, fails, counts]);
    expect(listenersLeft).toEqual([0]);
  });
});

describe('enrich: answers', () => {
  it('fills a field whose confidence equals min_confidence and leaves one below it out', async () => {
    const source: Source = { name: 'store', provides: ['title', 'industry'], lookup: async () => ({ title: value('CTO', 0.8), industry: value('Software', 0.79) }) };
    const result = await enrich(query(['title', 'industry'], { minConfidence: 0.8 }), [source]);
    expect(result.values).toEqual({ title: 'CTO', industry: null });
    expect(result.missing).toEqual(['industry']);
  });

  it('lists the identifiers the answer was found on in the contract order', async () => {
    const source: Source = {
      name: 'store',
      provides: ['industry', 'company_size', 'title'],
      lookup: async () => ({ title: value('CTO', 0.9, 'company_name'), industry: value('Software', 0.9, 'domain'), company_size: value('11-50', 0.9, 'email') }),
    };
    const result = await enrich(query(['title', 'industry', 'company_size']), [source]);
    expect(result.match.matchedOn).toEqual(['email', 'domain', 'company_name']);
  });
});

describe('enrich: which sources are asked for what', () => {
  it('does not ask a later source for a field filled exactly at min_confidence', async () => {
    const asked: string[][] = [];
    const store: Source = { name: 'store', provides: ['title', 'industry'], lookup: async () => ({ title: value('CTO', 0.8) }) };
    const web: Source = { name: 'web', provides: ['title', 'industry'], lookup: async (_ids, wanted) => (asked.push([...wanted]), {}) };
    await enrich(query(['title', 'industry'], { minConfidence: 0.8 }), [store, web]);
    expect(asked).toEqual([['industry']]);
  });

  it('asks a later source for the seniority still missing but not for the title already found', async () => {
    const asked: string[][] = [];
    const store: Source = { name: 'store', provides: ['title'], lookup: async () => ({ title: value('VP of Engineering', 0.98) }) };
    const provider: Source = { name: 'provider', provides: ['title', 'seniority'], lookup: async (_ids, wanted) => (asked.push([...wanted]), {}) };
    await enrich(query(['seniority']), [store, provider]);
    expect(asked).toEqual([['seniority']]);
  });

  it('asks no later source for the title once the seniority it would give was found', async () => {
    const asked: string[][] = [];
    const store: Source = { name: 'store', provides: ['seniority'], lookup: async () => ({ seniority: value('VP', 0.9) }) };
    const provider: Source = { name: 'provider', provides: ['title', 'seniority'], lookup: async (_ids, wanted) => (asked.push([...wanted]), {}) };
    await enrich(query(['seniority']), [store, provider]);
    expect(asked).toEqual([]);
  });

  it('tells a later source only the values looked up for this request', async () => {
    const told: Array<Record<string, string>> = [];
    const store: Source = { name: 'store', provides: ['title'], lookup: async () => ({ title: value('CTO', 0.9), phone: value('+1 555 0100', 0.9) }) };
    const web: Source = { name: 'web', provides: ['industry'], lookup: async (_ids, _wanted, _signal, known) => (told.push({ ...known }), {}) };
    const result = await enrich(query(['title', 'industry']), [store, web]);
    expect(told).toEqual([{ title: 'CTO' }]);
    expect(result.values).toEqual({ title: 'CTO', industry: null });
  });
});

describe('enrich: alternatives and the match report', () => {
  /** Sources each giving `industry`, in order, at the given values and confidences; asked while it stays below 0.95. */
  const industries = (answers: Array<[string, number]>): Source[] =>
    answers.map(([v, confidence], i) => ({ name: i === 0 ? 'store' : 'provider', provides: ['industry'], lookup: async () => ({ industry: value(v, confidence) }) }));

  it('keeps every value that lost the merge as an alternative, and reports no alternatives when none disagreed', async () => {
    const three = await enrich(query(['industry'], { minConfidence: 0.95 }), industries([['Software', 0.5], ['Analytics', 0.6], ['SaaS', 0.96]]));
    expect(three.provenance.industry).toEqual({
      source: 'provider',
      confidence: 0.96,
      fetchedAt: at,
      alternatives: [
        { value: 'Software', source: 'store', confidence: 0.5 },
        { value: 'Analytics', source: 'provider', confidence: 0.6 },
      ],
    });
    const one = await enrich(query(['industry']), industries([['Software', 0.9]]));
    expect(one.provenance.industry).toEqual({ source: 'store', confidence: 0.9, fetchedAt: at });
  });

  it('lists a losing value once, however many sources gave it', () => {
    const first = mergeValue(undefined, value('Software', 0.5), 'store');
    const second = mergeValue(first, value('Analytics', 0.6), 'web');
    const third = mergeValue(second, value('software ', 0.4), 'provider');
    expect(third.alternatives).toEqual([{ value: 'Software', source: 'store', confidence: 0.5 }]);
  });

  it('reports at most 8 alternatives', async () => {
    const losers = Array.from({ length: 10 }, (_, i): [string, number] => [`Industry ${i}`, 0.5 + i / 100]);
    const result = await enrich(query(['industry'], { minConfidence: 0.95 }), industries([...losers, ['SaaS', 0.96]]));
    expect(result.values.industry).toBe('SaaS');
    expect(result.provenance.industry?.alternatives?.map((alt) => alt.value)).toEqual(losers.slice(0, 8).map(([v]) => v));
  });

  it('reports the most confident match of a record, and on a tie the one found first', async () => {
    const store: Source = {
      name: 'store',
      provides: ['first_name', 'title'],
      lookup: async () => ({ title: { ...value('CTO', 0.5, 'domain'), entity: 'person' }, first_name: { ...value('Jane', 0.98), entity: 'person' } }),
    };
    const provider: Source = { name: 'provider', provides: ['phone'], entity: 'person', lookup: async () => ({ phone: value('+1 555 0100', 0.72, 'company_name') }) };
    const result = await enrich(query(['first_name', 'title', 'phone']), [store, provider]);
    expect(result.match.person).toEqual({ found: true, matchedOn: 'email', confidence: 0.98 });
    const tie: Source = { name: 'web', provides: ['industry', 'phone'], entity: 'company', lookup: async () => ({ industry: value('Software', 0.8, 'domain'), phone: value('+1 555 0100', 0.8, 'company_name') }) };
    expect((await enrich(query(['industry', 'phone']), [tie])).match.company).toEqual({ found: true, matchedOn: 'domain', confidence: 0.8 });
  });
});
