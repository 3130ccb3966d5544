import { enrich, mergeValue, NoSourceAvailableError, type Source } from '../src/enrichment/engine';
import { createDeriveStage } from '../src/enrichment/sources/derived';
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
    expect(result.match).toEqual({ status: 'partial', matchedOn: ['email'], person: NOT_FOUND, company: NOT_FOUND });
  });
});

const NOT_FOUND = { found: false, matchedOn: null, confidence: null };
const derive = createDeriveStage({ isFreeMailbox: (host) => host === 'gmail.com', isDisposableMailbox: () => false, now: () => at });

describe('merge rules', () => {
  it('asks a later source for a field filled below min_confidence, and the more confident value replaces the earlier one', async () => {
    const asked: string[][] = [];
    const store: Source = { name: 'store', provides: ['first_name', 'title'], lookup: async () => ({ first_name: value('Jan', 0.5), title: value('CTO', 0.95) }) };
    const provider: Source = {
      name: 'provider',
      provides: ['first_name', 'title'],
      lookup: async (_ids, wanted) => {
        asked.push([...wanted]);
        return { first_name: value('Jane', 0.9) };
      },
    };
    const result = await enrich(query(['first_name', 'title'], { minConfidence: 0.8 }), [store, provider]);
    expect(asked).toEqual([['first_name']]);
    expect(result.values).toEqual({ first_name: 'Jane', title: 'CTO' });
    expect(result.provenance.first_name).toMatchObject({ source: 'provider', confidence: 0.9, alternatives: [{ value: 'Jan', source: 'store', confidence: 0.5 }] });
  });

  it('keeps the earlier source on a tie, and reports the disagreeing value as an alternative', async () => {
    const store: Source = { name: 'store', provides: ['industry'], lookup: async () => ({ industry: value('Software', 0.5) }) };
    const web: Source = { name: 'web', provides: ['industry'], lookup: async () => ({ industry: value('Analytics', 0.5) }) };
    const result = await enrich(query(['industry'], { minConfidence: 0.8 }), [store, web]);
    expect(result.consulted).toEqual(['store', 'web']); // asked, since 0.5 does not fill at 0.8
    expect(result.values.industry).toBeNull(); // below the floor either way
    expect(mergeValue(mergeValue(undefined, value('Software', 0.5), 'store'), value('Analytics', 0.5), 'web')).toMatchObject({
      value: 'Software',
      source: 'store',
      alternatives: [{ value: 'Analytics', source: 'web', confidence: 0.5 }],
    });
  });

  it('reports no alternative when sources agree, up to case and spaces', () => {
    const first = mergeValue(undefined, value('Acme', 0.6), 'store');
    const second = mergeValue(first, value(' ACME ', 0.9), 'web');
    expect(second).toMatchObject({ value: ' ACME ', source: 'web', alternatives: [] });
    const third = mergeValue(second, value('Globex', 0.95), 'provider');
    expect(third).toMatchObject({ value: 'Globex', alternatives: [{ value: ' ACME ', source: 'web', confidence: 0.9 }] });
    const fourth = mergeValue(third, value('acme', 0.99), 'store');
    expect(fourth.alternatives).toEqual([{ value: 'Globex', source: 'provider', confidence: 0.95 }]);
  });

  it('does not let names guessed from the email stop the store from being asked', async () => {
    const store: Source = { name: 'store', provides: ['first_name', 'last_name'], lookup: async () => ({ first_name: value('Janet', 0.98), last_name: value('Doe-Smith', 0.98) }) };
    const result = await enrich(query(['first_name', 'last_name'], { minConfidence: 0.8 }), [store], derive);
    expect(result.values).toEqual({ first_name: 'Janet', last_name: 'Doe-Smith' });
    expect(result.provenance.first_name?.source).toBe('store');
  });

  it('derives seniority and department from the title a source found, looking the title up when only they are wanted', async () => {
    const asked: string[][] = [];
    const store: Source = {
      name: 'store',
      provides: ['title', 'seniority'],
      lookup: async (_ids, wanted) => {
        asked.push([...wanted]);
        return { title: { ...value('VP of Engineering', 0.98), entity: 'person' } };
      },
    };
    const result = await enrich(query(['seniority', 'department']), [store], derive);
    expect(asked).toEqual([['title', 'seniority']]);
    expect(result.values).toEqual({ seniority: 'VP', department: 'Engineering' });
    expect(result.provenance.seniority).toMatchObject({ source: 'derived', confidence: 0.83 });
    expect(result.match).toMatchObject({ status: 'full', person: { found: true, matchedOn: 'email', confidence: 0.98 } });
  });

  it('answers what the identifiers give when every source is down, and 503s only when that is nothing', async () => {
    const down: Source = { name: 'store', provides: ['first_name', 'title'], lookup: async () => Promise.reject(new Error('ECONNREFUSED')) };
    const result = await enrich(query(['first_name', 'title']), [down], derive);
    expect(result.values).toEqual({ first_name: 'Jane', title: null });
    expect(result.match.status).toBe('partial');
    expect(result.warnings).toEqual([{ source: 'store', code: 'error', detail: 'store failed; its fields are left out' }]);
    await expect(enrich(query(['title']), [down], derive)).rejects.toBeInstanceOf(NoSourceAvailableError);
  });

  it('reports the person and the company found apart from field completeness', async () => {
    const store: Source = {
      name: 'store',
      provides: ['first_name', 'industry', 'phone'],
      lookup: async () => ({ first_name: { ...value('Jane', 0.98), entity: 'person' }, industry: { ...value('Software', 0.92), entity: 'company' } }),
    };
    const result = await enrich(query(['phone']), [store], derive);
    expect(result.match).toEqual({
      status: 'none',
      matchedOn: [],
      person: { found: true, matchedOn: 'email', confidence: 0.98 },
      company: { found: true, matchedOn: 'email', confidence: 0.92 },
    });
  });

  it('leaves a partial answer with a timeout warning when the deadline cuts a later source off', async () => {
    const store: Source = { name: 'store', provides: ['title', 'industry'], lookup: async () => ({ title: value('CTO', 0.9) }) };
    const slow: Source = { name: 'web', provides: ['industry'], lookup: (_ids, _wanted, signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve({}))) };
    const result = await enrich(query(['title', 'industry'], { deadlineMs: 100 }), [store, slow], derive);
    expect(result.values).toEqual({ title: 'CTO', industry: null });
    expect(result.match.status).toBe('partial');
    expect(result.warnings.map((w) => w.code)).toEqual(['timeout']);
  });
});
