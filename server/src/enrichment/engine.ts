import { FIELD_NAMES, type FieldName, type IdentifierName, type MatchStatus, type SourceName, type Warning } from './fields';
import type { Identifiers } from './identifiers';

/** One value a source found. */
export interface FoundValue {
  readonly value: string;
  /** 0..1 */
  readonly confidence: number;
  readonly fetchedAt: Date;
  /** The identifier the value was found from. */
  readonly matchedOn: IdentifierName;
  /** For a value the store kept from a live source: that source, reported as the value's provenance. */
  readonly origin?: SourceName;
}

export type SourceFindings = Partial<Record<FieldName, FoundValue>>;

/** Values earlier sources in the waterfall found, for sources that build on them (title -> seniority). */
export type KnownValues = Partial<Record<FieldName, string>>;

/** A place values come from. `lookup` must stop work when `signal` aborts (the deadline). */
export interface Source {
  readonly name: SourceName;
  readonly provides: readonly FieldName[];
  lookup(identifiers: Identifiers, wanted: readonly FieldName[], signal: AbortSignal, known: KnownValues): Promise<SourceFindings>;
}

export interface EnrichQuery {
  readonly identifiers: Identifiers;
  readonly wanted: readonly FieldName[];
  readonly minConfidence: number;
  readonly deadlineMs: number;
}

export interface Provenance {
  readonly source: SourceName;
  readonly confidence: number;
  readonly fetchedAt: Date;
}

export interface EnrichResult {
  readonly values: Partial<Record<FieldName, string | null>>;
  readonly provenance: Partial<Record<FieldName, Provenance>>;
  readonly missing: FieldName[];
  readonly warnings: Warning[];
  readonly match: { status: MatchStatus; matchedOn: IdentifierName[] };
  /** Sources consulted, in order, for logs and metrics. */
  readonly consulted: SourceName[];
  /** Milliseconds each source that ran took (including ones that failed or timed out). */
  readonly timings: Partial<Record<SourceName, number>>;
}

/** Thrown when the request needed sources and not one of them could be consulted. */
export class NoSourceAvailableError extends Error {
  constructor(readonly warnings: Warning[]) {
    super('no enrichment source could be consulted');
    this.name = 'NoSourceAvailableError';
  }
}

class DeadlineExceeded extends Error {}

/** Thrown by a source that cannot be consulted right now (its circuit breaker is open, it is switched off). */
export class SourceUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceUnavailableError';
  }
}

function withDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new DeadlineExceeded());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DeadlineExceeded());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Runs the sources in waterfall order under one deadline. A source runs only when it can fill a
 * wanted field still missing; values merge per field by confidence. A source that fails or misses
 * the deadline becomes a warning and the answer stays partial.
 */
export async function enrich(query: EnrichQuery, sources: readonly Source[]): Promise<EnrichResult> {
  const found = new Map<FieldName, FoundValue & { source: SourceName }>();
  const warnings: Warning[] = [];
  const consulted: SourceName[] = [];
  const timings: Partial<Record<SourceName, number>> = {};
  let needed = 0;
  const deadline = AbortSignal.timeout(query.deadlineMs);

  for (const source of sources) {
    const stillMissing = query.wanted.filter((field) => !found.has(field) && source.provides.includes(field));
    if (stillMissing.length === 0) continue;
    needed += 1;
    if (deadline.aborted) {
      warnings.push({ source: source.name, code: 'timeout', detail: `${source.name} was not consulted: the ${query.deadlineMs} ms deadline had passed` });
      continue;
    }
    const started = performance.now();
    try {
      const known: KnownValues = {};
      for (const [field, found_] of found) known[field] = found_.value;
      const findings = await withDeadline(source.lookup(query.identifiers, stillMissing, deadline, known), deadline);
      consulted.push(source.name);
      for (const field of stillMissing) {
        const candidate = findings[field];
        if (candidate === undefined) continue;
        const current = found.get(field);
        if (current === undefined || candidate.confidence > current.confidence) found.set(field, { ...candidate, source: source.name });
      }
    } catch (error) {
      const timedOut = error instanceof DeadlineExceeded || deadline.aborted;
      warnings.push(
        timedOut
          ? { source: source.name, code: 'timeout', detail: `${source.name} did not answer within ${query.deadlineMs} ms` }
          : error instanceof SourceUnavailableError
            ? { source: source.name, code: 'unavailable', detail: `${source.name} is unavailable: ${error.message}` }
            : { source: source.name, code: 'error', detail: `${source.name} failed; its fields are left out` },
      );
    } finally {
      timings[source.name] = Math.round((performance.now() - started) * 100) / 100;
    }
  }
  if (needed > 0 && consulted.length === 0 && warnings.every((w) => w.code === 'unavailable' || w.code === 'error')) {
    throw new NoSourceAvailableError(warnings);
  }
  return { ...shape(query, found, warnings, consulted), timings };
}

function shape(
  query: EnrichQuery,
  found: Map<FieldName, FoundValue & { source: SourceName }>,
  warnings: Warning[],
  consulted: SourceName[],
): Omit<EnrichResult, 'timings'> {
  const values: Partial<Record<FieldName, string | null>> = {};
  const provenance: Partial<Record<FieldName, Provenance>> = {};
  const missing: FieldName[] = [];
  const matchedOn = new Set<IdentifierName>();
  const wanted = new Set(query.wanted);
  for (const field of FIELD_NAMES) {
    if (!wanted.has(field)) continue;
    const value = found.get(field);
    if (value === undefined || value.confidence < query.minConfidence) {
      values[field] = null;
      missing.push(field);
      continue;
    }
    values[field] = value.value;
    provenance[field] = { source: value.origin ?? value.source, confidence: value.confidence, fetchedAt: value.fetchedAt };
    matchedOn.add(value.matchedOn);
  }
  const filled = wanted.size - missing.length;
  const status: MatchStatus = filled === 0 ? 'none' : missing.length === 0 ? 'full' : 'partial';
  const order: IdentifierName[] = ['email', 'domain', 'company_name'];
  return {
    values,
    provenance,
    missing,
    warnings,
    match: { status, matchedOn: order.filter((id) => matchedOn.has(id)) },
    consulted,
  };
}
