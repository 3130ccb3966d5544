import { enrich, NoSourceAvailableError, type Source } from '../src/enrichment/engine';
import { normaliseIdentifiers } from '../src/enrichment/identifiers';

const at = new Date('2026-11-29T10:00:00Z');
const value = (v: string, confidence: number) => ({ value: v, confidence, fetchedAt: at, matchedOn: 'email' as const });
const query = (wanted: Parameters<typeof enrich>[0]['wanted'], extra: Partial<Parameters<typeof enrich>[0]> = {}) => ({
  identifiers: normaliseIdentifiers({ email: 'jane.doe@acme.io' }),
  wanted,
  minConfidence: 0,
  deadlineMs: 1000,
  ...extra,
});

describe('enrich (the waterfall)', () => {
  it('runs a later source only for the fields still missing', async () => {
    const asked: string[][] = [];
    const first: Source = { name: 'store', provides: ['title', 'industry'], lookup: async () => ({ title: value('CTO', 0.9) }) };
    const second: Source = {
      name: 'web',
      provides: ['title', 'industry'],
      lookup: async (_ids, wanted) => {
        asked.push([...wanted]);
        return { industry: value('Software', 0.6) };
      },
    };
    const result = await enrich(query(['title', 'industry']), [first, second]);
    expect(asked).toEqual([['industry']]);
    expect(result.values).toEqual({ title: 'CTO', industry: 'Software' });
    expect(result.provenance.industry?.source).toBe('web');
    expect(result.match.status).toBe('full');
  });

  it('skips a source that provides nothing still missing', async () => {
    const never: Source = { name: 'provider', provides: ['phone'], lookup: async () => { throw new Error('must not run'); } };
    const result = await enrich(query(['title']), [never]);
    expect(result.consulted).toEqual([]);
    expect(result.match.status).toBe('none');
  });

  it('stops waiting at the deadline and reports the source as timed out', async () => {
    let aborted = false;
    const slow: Source = {
      name: 'web',
      provides: ['industry'],
      lookup: (_ids, _wanted, signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve({ industry: value('too late', 1) });
          });
        }),
    };
    const result = await enrich(query(['industry'], { deadlineMs: 100 }), [slow]);
    expect(aborted).toBe(true);
    expect(result.values.industry).toBeNull();
    expect(result.warnings).toEqual([{ source: 'web', code: 'timeout', detail: 'web did not answer within 100 ms' }]);
  });

  it('throws NoSourceAvailableError when every needed source failed', async () => {
    const down: Source = { name: 'store', provides: ['title'], lookup: async () => Promise.reject(new Error('ECONNREFUSED')) };
    await expect(enrich(query(['title']), [down])).rejects.toBeInstanceOf(NoSourceAvailableError);
  });

  it('keeps field order of the contract and lists missing fields in it', async () => {
    const source: Source = { name: 'derived', provides: ['first_name', 'department'], lookup: async () => ({ department: value('Sales', 0.8) }) };
    const result = await enrich(query(['department', 'title', 'first_name']), [source]);
    expect(Object.keys(result.values)).toEqual(['first_name', 'title', 'department']);
    expect(result.missing).toEqual(['first_name', 'title']);
    expect(result.match).toEqual({ status: 'partial', matchedOn: ['email'] });
  });
});
