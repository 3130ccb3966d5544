import { FIELD_NAMES, withInputs, type FieldName, type IdentifierName, type MatchStatus, type SourceName, type Warning } from './fields';
import type { Identifiers } from './identifiers';

/** The thing a value describes: a person's record or a company's. */
export type Entity = 'person' | 'company';

/** One value a source found. */
export interface FoundValue {
  readonly value: string;
  /** 0..1: how likely the value is right (see confidence.ts). */
  readonly confidence: number;
  readonly fetchedAt: Date;
  /** The identifier the value was found from. */
  readonly matchedOn: IdentifierName;
  /** For a value the store kept from a live source: that source, reported as the value's provenance. */
  readonly origin?: SourceName;
  /** The record the value belongs to, when the source found one (the derive stage finds none). */
  readonly entity?: Entity;
}

export type SourceFindings = Partial<Record<FieldName, FoundValue>>;

/** The values merged so far, for stages that build on them. */
export type KnownValues = Partial<Record<FieldName, string>>;

/** A place values come from. `lookup` must stop work when `signal` aborts (the deadline). */
export interface Source {
  readonly name: SourceName;
  readonly provides: readonly FieldName[];
  /** The record a value of this source describes when the value does not say (web and dns: the company). */
  readonly entity?: Entity;
  lookup(identifiers: Identifiers, wanted: readonly FieldName[], signal: AbortSignal, known: KnownValues): Promise<SourceFindings>;
}

/** What follows from the identifiers and the merged values, after every source has answered. */
export type DeriveStage = (identifiers: Identifiers, merged: ReadonlyMap<FieldName, FoundValue>) => SourceFindings;

export interface EnrichQuery {
  readonly identifiers: Identifiers;
  readonly wanted: readonly FieldName[];
  readonly minConfidence: number;
  readonly deadlineMs: number;
}

export interface Alternative {
  readonly value: string;
  readonly source: SourceName;
  readonly confidence: number;
}

export interface Provenance {
  readonly source: SourceName;
  readonly confidence: number;
  readonly fetchedAt: Date;
  /** Values other sources gave for the field that lost the merge; absent when none disagreed. */
  readonly alternatives?: readonly Alternative[];
}

export interface EntityMatch {
  readonly found: boolean;
  readonly matchedOn: IdentifierName | null;
  readonly confidence: number | null;
}

export interface MatchReport {
  /** Field completeness: every wanted field filled, some, or none. */
  readonly status: MatchStatus;
  /** The identifiers that produced at least one answered value. */
  readonly matchedOn: IdentifierName[];
  readonly person: EntityMatch;
  readonly company: EntityMatch;
}

export interface EnrichResult {
  readonly values: Partial<Record<FieldName, string | null>>;
  readonly provenance: Partial<Record<FieldName, Provenance>>;
  readonly missing: FieldName[];
  readonly warnings: Warning[];
  readonly match: MatchReport;
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

/**
 * `work`, or a DeadlineExceeded rejection as soon as `signal` aborts. The caller checks `signal.aborted`
 * just before, synchronously, and a timeout signal aborts only from its timer: it cannot be aborted yet
 * here, and it aborts at most once.
 */
function withDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DeadlineExceeded());
    signal.addEventListener('abort', onAbort);
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

/** Fields the derive stage can give from the identifiers and other fields: wanting one keeps an answer a 200 while sources are down. */
const DERIVABLE: ReadonlySet<FieldName> = new Set<FieldName>(['first_name', 'last_name', 'personal_email', 'business_email', 'seniority', 'department', 'location', 'city', 'state', 'country']);

type Merged = FoundValue & { source: SourceName; alternatives: Alternative[] };

/** Two values say the same thing when they differ only in case and surrounding space. */
function sameValue(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * The merge rule: a candidate replaces the current value only with a strictly higher confidence, so on
 * a tie the earlier source in the waterfall wins. A loser that says something different is kept as an
 * alternative of the winner.
 */
export function mergeValue(current: Merged | undefined, candidate: FoundValue, source: SourceName): Merged {
  if (current === undefined) return { ...candidate, source, alternatives: [] };
  const candidateWins = candidate.confidence > current.confidence;
  const [winner, loser] = candidateWins ? [{ ...candidate, source }, current] : [current, { ...candidate, source }];
  const alternatives = current.alternatives.filter((alt) => !sameValue(alt.value, winner.value));
  if (!sameValue(loser.value, winner.value) && !alternatives.some((alt) => sameValue(alt.value, loser.value))) {
    alternatives.push({ value: loser.value, source: loser.origin ?? loser.source, confidence: loser.confidence });
  }
  return { ...winner, alternatives };
}

/**
 * Runs the sources in waterfall order under one deadline, then the derive stage. A source is asked
 * for every field it provides that is not yet filled at `minConfidence`; what it finds merges field
 * by field (mergeValue). The fields asked for include the inputs of the wanted derived fields (asking
 * for seniority looks up title), the answer holds only the wanted ones. A source that fails or misses
 * the deadline becomes a warning and the answer stays partial.
 */
export async function enrich(query: EnrichQuery, sources: readonly Source[], derive?: DeriveStage): Promise<EnrichResult> {
  const merged = new Map<FieldName, Merged>();
  const entities: Partial<Record<Entity, { matchedOn: IdentifierName; confidence: number }>> = {};
  const warnings: Warning[] = [];
  const consulted: SourceName[] = [];
  const timings: Partial<Record<SourceName, number>> = {};
  const lookedUp = withInputs(query.wanted);
  const filled = (field: FieldName) => (merged.get(field)?.confidence ?? -1) >= query.minConfidence;
  let needed = 0;
  const deadline = AbortSignal.timeout(query.deadlineMs);

  // A wanted field not yet filled, and the inputs it could be derived from that are not filled either.
  const stillNeeded = () => new Set(withInputs(query.wanted.filter((field) => !filled(field))).filter((field) => !filled(field)));

  for (const source of sources) {
    const needs = stillNeeded();
    const unfilled = lookedUp.filter((field) => needs.has(field) && source.provides.includes(field));
    if (unfilled.length === 0) continue;
    needed += 1;
    if (deadline.aborted) {
      warnings.push({ source: source.name, code: 'timeout', detail: `${source.name} was not consulted: the ${query.deadlineMs} ms deadline had passed` });
      continue;
    }
    const started = performance.now();
    try {
      const known: KnownValues = {};
      for (const [field, value] of merged) known[field] = value.value;
      const findings = await withDeadline(source.lookup(query.identifiers, unfilled, deadline, known), deadline);
      consulted.push(source.name);
      for (const [field, candidate] of Object.entries(findings) as Array<[FieldName, FoundValue]>) {
        const entity = candidate.entity ?? source.entity;
        if (entity !== undefined) {
          const seen = entities[entity];
          if (seen === undefined || candidate.confidence > seen.confidence) entities[entity] = { matchedOn: candidate.matchedOn, confidence: candidate.confidence };
        }
        if (lookedUp.includes(field)) merged.set(field, mergeValue(merged.get(field), candidate, source.name));
      }
    } catch (error) {
      // A deadline that passed while the source was failing shows as DeadlineExceeded: withDeadline
      // rejects during the abort itself, before the source's own rejection can settle.
      const timedOut = error instanceof DeadlineExceeded;
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
  if (derive !== undefined) {
    // Derived values of fields not wanted merge too; the answer (shape) holds only the wanted ones.
    for (const [field, candidate] of Object.entries(derive(query.identifiers, merged)) as Array<[FieldName, FoundValue]>) {
      merged.set(field, mergeValue(merged.get(field), candidate, 'derived'));
    }
  }
  // Every source that was needed failed, and nothing wanted could come from the identifiers alone: an outage, not an answer.
  const sourcesDown = needed > 0 && consulted.length === 0 && warnings.every((w) => w.code === 'unavailable' || w.code === 'error');
  if (sourcesDown && !query.wanted.some((field) => DERIVABLE.has(field))) throw new NoSourceAvailableError(warnings);
  return { ...shape(query, merged, entities, warnings, consulted), timings };
}

const IDENTIFIER_ORDER: readonly IdentifierName[] = ['email', 'domain', 'company_name'];

function entityMatch(found: { matchedOn: IdentifierName; confidence: number } | undefined): EntityMatch {
  return found === undefined ? { found: false, matchedOn: null, confidence: null } : { found: true, matchedOn: found.matchedOn, confidence: found.confidence };
}

function shape(
  query: EnrichQuery,
  merged: Map<FieldName, Merged>,
  entities: Partial<Record<Entity, { matchedOn: IdentifierName; confidence: number }>>,
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
    const value = merged.get(field);
    if (value === undefined || value.confidence < query.minConfidence) {
      values[field] = null;
      missing.push(field);
      continue;
    }
    values[field] = value.value;
    provenance[field] = {
      source: value.origin ?? value.source,
      confidence: value.confidence,
      fetchedAt: value.fetchedAt,
      ...(value.alternatives.length > 0 && { alternatives: value.alternatives.slice(0, 8) }),
    };
    matchedOn.add(value.matchedOn);
  }
  const status: MatchStatus = missing.length === wanted.size ? 'none' : missing.length === 0 ? 'full' : 'partial';
  return {
    values,
    provenance,
    missing,
    warnings,
    match: {
      status,
      matchedOn: IDENTIFIER_ORDER.filter((id) => matchedOn.has(id)),
      person: entityMatch(entities.person),
      company: entityMatch(entities.company),
    },
    consulted,
  };
}
