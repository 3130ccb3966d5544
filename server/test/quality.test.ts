/**
 * A slice of `make eval` (bench/eval): a few hundred queries of the same labelled set (every variant
 * kept), through the real importer, a scratch SQLite store and the engine. Fails when match quality
 * falls below what the engine achieves today.
 *
 * The full run (`make eval`, docs/QUALITY.md, 20 041 queries, seed 20261130) measured on 2026-11-29
 * after issue 11's engine work: precision 1.000, recall on the noisy variants 0.998, calibration error
 * 0.039 — every goal met (precision >= 0.99, variant recall >= 0.95, ECE <= 0.05).
 */
import { buildEvalSet, sliceQueries } from '../../bench/eval/dataset';
import { evaluate, openEvalStore, type EvalStore } from '../../bench/eval/harness';
import { expectedCalibrationError, summarise, type Outcome } from '../../bench/eval/metrics';

/**
 * This slice (352 queries, 10 per variant) measured on 2026-11-29: precision 1.000, variant recall
 * 1.000, no decoy returned, ECE 0.060 (the slice over-weights company names, whose exact-name 0.90 is
 * the least calibrated level; the full run's 0.039 is what the goal is judged on). Precision and
 * recall floors are the goals; the ECE floor sits just over the slice's own figure.
 */
const FLOORS = {
  precision: 0.99,
  variantRecall: 0.95,
  maxEce: 0.07,
  maxDecoysReturned: 0.05,
  byKind: {
    email: { precision: 0.99, recall: 0.95 },
    domain: { precision: 0.99, recall: 0.95 },
    company_name: { precision: 0.99, recall: 0.95 },
  },
} as const;

describe('match quality (slice of make eval)', () => {
  let store: EvalStore;
  let outcomes: Outcome[];

  beforeAll(async () => {
    const set = buildEvalSet();
    const queries = sliceQueries(set.queries, 10);
    store = await openEvalStore(set);
    outcomes = await evaluate(store, queries);
  });
  afterAll(() => store.close());

  it('runs a few hundred queries over every kind and variant', () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(300);
    expect(outcomes.length).toBeLessThanOrEqual(600);
    expect(new Set(outcomes.map((o) => o.query.group))).toEqual(new Set(['clean', 'variant', 'decoy']));
  });

  it('finds the clean records and returns none of the decoys', () => {
    const clean = summarise(outcomes.filter((o) => o.query.group === 'clean'));
    const decoys = summarise(outcomes.filter((o) => o.query.group === 'decoy'));
    expect(clean.recall).toBeGreaterThanOrEqual(0.95);
    expect(clean.precision).toBe(1);
    expect(decoys.returned / decoys.queries).toBeLessThanOrEqual(FLOORS.maxDecoysReturned);
  });

  it('keeps precision, variant recall and calibration at the goals', () => {
    const overall = summarise(outcomes);
    const variants = summarise(outcomes.filter((o) => o.query.group === 'variant'));
    expect(overall.precision).toBeGreaterThanOrEqual(FLOORS.precision);
    expect(variants.recall).toBeGreaterThanOrEqual(FLOORS.variantRecall);
    expect(overall.ece).toBeLessThanOrEqual(FLOORS.maxEce);
  });

  it.each(Object.entries(FLOORS.byKind))('keeps %s precision and recall at the goals', (kind, floor) => {
    const s = summarise(outcomes.filter((o) => o.query.kind === kind));
    expect(s.precision).toBeGreaterThanOrEqual(floor.precision);
    expect(s.recall).toBeGreaterThanOrEqual(floor.recall);
  });
});

describe('expectedCalibrationError', () => {
  it('is the share-weighted gap between confidence and accuracy per bin', () => {
    const answers = [
      ...Array.from({ length: 10 }, (_, i) => ({ confidence: 0.9, correct: i < 9 })), // 0.9 right 90%: no gap
      ...Array.from({ length: 10 }, (_, i) => ({ confidence: 0.55, correct: i < 3 })), // 0.55 right 30%: gap 0.25
    ];
    expect(expectedCalibrationError(answers)).toBeCloseTo(0.125, 10);
    expect(expectedCalibrationError([{ confidence: 1, correct: true }])).toBe(0);
    expect(expectedCalibrationError([])).toBeNull();
  });
});
