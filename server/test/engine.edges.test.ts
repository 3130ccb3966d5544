/**
 * Engine behaviour `make mutation` found untested: warnings per failure kind, the "no source
 * available" rule, min_confidence at its boundary, matched identifiers in order, timings.
 */
import { enrich, NoSourceAvailableError, SourceUnavailableError, type Source } from '../src/enrichment/engine';
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
    expect(result.timings.store).toBeGreaterThan(0); // it waited 20 ms: measured, not rounded away
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
