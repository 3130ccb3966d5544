/**
 * The one place the evaluation touches the engine. `runQuery` sends one request through what the API
 * runs in-process: the contract's request validation (the client's copy of the API's rules, so a
 * request the API would refuse counts as refused), identifier normalisation, then the engine over
 * the store and derived sources wired as `server/src/composition.ts` wires them. When the engine's
 * API changes, re-point `wireSources`, `runQuery` and `readAnswer` here and nothing else.
 */
import freeMailboxDomains from 'email-providers/all.json';
import { disposableEmailBlocklist } from 'disposable-email-domains-js';
import type { Kysely } from 'kysely';
import { validateRequest } from '../../client/src/validate';
import { createDomainListCheck } from '../../server/src/enrichment/domainLists';
import { enrich, type EnrichResult, type Source } from '../../server/src/enrichment/engine';
import { normaliseIdentifiers } from '../../server/src/enrichment/identifiers';
import { createDerivedSource } from '../../server/src/enrichment/sources/derived';
import { createStoreSource } from '../../server/src/enrichment/sources/store';
import { createStoreReader } from '../../server/src/store/repository';
import type { Database } from '../../server/src/store/schema';
import type { Entity, EvalRequest } from './dataset';

/** The field that names the record an answer came from: every person and company has its own. */
export const JUDGED_FIELD = 'linkedin_url';
const DEADLINE_MS = 1500;

export interface EvalWiring {
  readonly sources: readonly Source[];
}

/** Store then derived, as composition.ts builds them for a server without live lookups. */
export function wireSources(db: Kysely<Database>): EvalWiring {
  const isFreeMailbox = createDomainListCheck(freeMailboxDomains as string[]);
  const isDisposableMailbox = createDomainListCheck(disposableEmailBlocklist() as string[]);
  const now = () => new Date();
  return {
    sources: [
      createStoreSource({ reader: createStoreReader(db), isFreeMailbox, now }),
      createDerivedSource({ isFreeMailbox, isDisposableMailbox, now }),
    ],
  };
}

export type QueryResult = { readonly refused: true; readonly reason: string } | { readonly refused: false; readonly result: EnrichResult };

/** One request, as the API would answer it (without HTTP, cache or write-back). */
export async function runQuery(wiring: EvalWiring, request: EvalRequest): Promise<QueryResult> {
  const body = { ...request, enrich: [JUDGED_FIELD] };
  const problems = validateRequest(body);
  if (problems !== null) return { refused: true, reason: problems.map((p) => `${p.pointer} ${p.detail}`).join('; ') };
  const identifiers = normaliseIdentifiers(request);
  const result = await enrich({ identifiers, wanted: [JUDGED_FIELD], minConfidence: 0, deadlineMs: DEADLINE_MS }, wiring.sources);
  return { refused: false, result };
}

/** What the engine reports about one entity (the shape `meta.match.person` / `.company` takes). */
interface EntityMatch {
  readonly found: boolean;
  readonly matchedOn: string | null;
  readonly confidence: number | null;
}

export interface Answer {
  /** The judged field's value, or null. */
  readonly value: string | null;
  /** The confidence reported for the entity (from `match.person`/`match.company` when the engine reports them, else the field's provenance). */
  readonly confidence: number | null;
  /** The identifier the entity was matched on. */
  readonly matchedOn: string | null;
  /** The engine's own word on whether it found the entity, when it reports entities; null otherwise. */
  readonly found: boolean | null;
}

/** Reads an answer about `entity`, from the entity match report when the result has one. */
export function readAnswer(result: EnrichResult, entity: Entity): Answer {
  const value = result.values[JUDGED_FIELD] ?? null;
  const match = result.match as unknown as { matchedOn?: readonly string[]; person?: EntityMatch; company?: EntityMatch };
  const reported = match[entity];
  const provenance = result.provenance[JUDGED_FIELD];
  if (reported !== undefined && reported !== null && typeof reported === 'object' && 'found' in reported) {
    return { value, confidence: reported.confidence ?? provenance?.confidence ?? null, matchedOn: reported.matchedOn, found: reported.found };
  }
  return { value, confidence: provenance?.confidence ?? null, matchedOn: match.matchedOn?.[0] ?? null, found: null };
}
