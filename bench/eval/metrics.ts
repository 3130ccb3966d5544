/** Precision, recall and calibration of a set of judged answers. Pure functions over plain data. */
import type { EvalQuery } from './dataset';

export interface Outcome {
  readonly query: EvalQuery;
  /** The API would have refused the request (a 400). */
  readonly refused: boolean;
  /** The record the answer came from (person email / company domain), `?` for an entity the engine claims but the answer does not identify, or null. */
  readonly returned: string | null;
  readonly confidence: number | null;
  readonly matchedOn: string | null;
  /** A record was returned and it is the expected one. */
  readonly correct: boolean;
}

export interface Summary {
  readonly queries: number;
  /** Queries that have a right record. */
  readonly positives: number;
  readonly returned: number;
  readonly correct: number;
  readonly refused: number;
  /** correct / returned; 1 when nothing was returned. */
  readonly precision: number;
  /** correct / positives; null when there are no positives (decoys only). */
  readonly recall: number | null;
  /** Expected calibration error over returned answers; null when none was returned. */
  readonly ece: number | null;
}

export const CALIBRATION_BINS = 10;

/**
 * Expected calibration error: answers grouped in `bins` equal-width confidence bins, the gap between
 * each bin's mean confidence and its accuracy, weighted by the bin's share of answers.
 */
export function expectedCalibrationError(predictions: ReadonlyArray<{ confidence: number; correct: boolean }>, bins = CALIBRATION_BINS): number | null {
  if (predictions.length === 0) return null;
  const sums = Array.from({ length: bins }, () => ({ n: 0, confidence: 0, correct: 0 }));
  for (const { confidence, correct } of predictions) {
    const bin = sums[Math.min(bins - 1, Math.max(0, Math.floor(confidence * bins)))]!;
    bin.n += 1;
    bin.confidence += confidence;
    bin.correct += correct ? 1 : 0;
  }
  let error = 0;
  for (const bin of sums) if (bin.n > 0) error += (bin.n / predictions.length) * Math.abs(bin.confidence / bin.n - bin.correct / bin.n);
  return error;
}

export function summarise(outcomes: readonly Outcome[]): Summary {
  const returned = outcomes.filter((o) => o.returned !== null);
  const correct = returned.filter((o) => o.correct).length;
  const positives = outcomes.filter((o) => o.query.expected !== null).length;
  return {
    queries: outcomes.length,
    positives,
    returned: returned.length,
    correct,
    refused: outcomes.filter((o) => o.refused).length,
    precision: returned.length === 0 ? 1 : correct / returned.length,
    recall: positives === 0 ? null : correct / positives,
    // An answer without a reported confidence counts as confidence 0.
    ece: expectedCalibrationError(returned.map((o) => ({ confidence: o.confidence ?? 0, correct: o.correct }))),
  };
}

/** Accuracy of returned answers per (identifier kind, matched on, reported confidence): what the confidence table should say. */
export function accuracyByConfidence(outcomes: readonly Outcome[]): Array<{ kind: string; matchedOn: string; confidence: string; n: number; accuracy: number }> {
  const groups = new Map<string, { kind: string; matchedOn: string; confidence: string; n: number; correct: number }>();
  for (const o of outcomes) {
    if (o.returned === null) continue;
    // Fuzzy name matches report a confidence per similarity: grouped by the tenth.
    const level = o.confidence === null ? 'none' : o.confidence.toFixed(2);
    const key = `${o.query.kind}|${o.matchedOn ?? '-'}|${level}`;
    const group = groups.get(key) ?? { kind: o.query.kind, matchedOn: o.matchedOn ?? '-', confidence: level, n: 0, correct: 0 };
    group.n += 1;
    group.correct += o.correct ? 1 : 0;
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ correct, ...g }) => ({ ...g, accuracy: correct / g.n }))
    .sort((a, b) => a.kind.localeCompare(b.kind) || b.confidence.localeCompare(a.confidence));
}
