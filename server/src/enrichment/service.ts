import { cached, type AnswerCache, type CachePolicy } from './cache';
import { enrich, type DeriveStage, type EnrichQuery, type EnrichResult, type Source } from './engine';
import { FIELD_NAMES, LIVE_SOURCES, type FieldName, type SourceName } from './fields';
import { blankIdentifiers } from '../../../common/fields';
import { normaliseIdentifiers, type IdentifierRequest, type Identifiers } from './identifiers';

/** One enrichment request as the contract's body carries it. */
export interface EnrichmentRequest extends IdentifierRequest {
  readonly enrich?: readonly FieldName[];
  readonly min_confidence?: number;
  readonly deadline_ms?: number;
}

/** Every identifier the caller sent was empty or blank: there is nothing to look up. */
export class NoUsableIdentifierError extends Error {
  constructor(readonly blank: readonly string[]) {
    super('every identifier sent is blank');
    this.name = 'NoUsableIdentifierError';
  }
}

/** What observability turns into metrics and logs; the core never imports either. */
export type EnrichmentEvent =
  | { readonly type: 'answered'; readonly cached: boolean; readonly result: EnrichResult }
  | { readonly type: 'write_back_failed'; readonly error: Error };

export type WriteBack = (identifiers: Identifiers, result: EnrichResult, now: Date) => Promise<void>;

export interface EnrichmentServiceDeps {
  readonly sources: readonly Source[];
  readonly derive?: DeriveStage;
  readonly cache: AnswerCache;
  readonly cachePolicy: CachePolicy;
  readonly writeBack?: WriteBack;
  readonly defaultDeadlineMs: number;
  readonly now: () => number;
  readonly onEvent?: (event: EnrichmentEvent) => void;
}

export interface EnrichmentAnswer {
  readonly result: EnrichResult;
  readonly cached: boolean;
  /** The sources that answered, or `cache`. */
  readonly sources: readonly (SourceName | 'cache')[];
}

export interface EnrichmentService {
  /** Cache, then the engine, then write-back of live findings (tracked, see `settled`). */
  enrich(request: EnrichmentRequest): Promise<EnrichmentAnswer>;
  /** Resolves when every write-back started so far has finished (shutdown and tests wait on it). */
  settled(): Promise<void>;
}

/** The identifiers, fields, floor and deadline of a request, with the defaults applied. */
export function toQuery(request: EnrichmentRequest, defaultDeadlineMs: number): EnrichQuery {
  const blank = blankIdentifiers(request);
  if (blank.length > 0) throw new NoUsableIdentifierError(blank);
  return {
    identifiers: normaliseIdentifiers(request),
    wanted: request.enrich ?? FIELD_NAMES,
    minConfidence: request.min_confidence ?? 0,
    deadlineMs: request.deadline_ms ?? defaultDeadlineMs,
  };
}

/** The one way an enrichment is answered: the HTTP handler, the CLI and batch workers call this. */
export function createEnrichmentService(deps: EnrichmentServiceDeps): EnrichmentService {
  const pending = new Set<Promise<void>>();
  const emit = (event: EnrichmentEvent) => deps.onEvent?.(event);
  return {
    async enrich(request) {
      const query = toQuery(request, deps.defaultDeadlineMs);
      const answer = await cached(query, deps.cache, deps.cachePolicy, () => enrich(query, deps.sources, deps.derive));
      const { result } = answer;
      if (!answer.cached && deps.writeBack && result.consulted.some((source) => LIVE_SOURCES.has(source))) {
        const write = deps.writeBack(query.identifiers, result, new Date(deps.now())).catch((error: Error) => emit({ type: 'write_back_failed', error }));
        pending.add(write);
        void write.finally(() => pending.delete(write));
      }
      emit({ type: 'answered', cached: answer.cached, result });
      return { ...answer, sources: answer.cached ? ['cache'] : result.consulted };
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
