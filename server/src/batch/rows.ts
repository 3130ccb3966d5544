import { validateEnrichRequest } from '../../../common/validators';
import type { EnrichResult } from '../enrichment/engine';
import { NoUsableIdentifierError, type EnrichmentRequest } from '../enrichment/service';
import { NoSourceAvailableError } from '../enrichment/engine';
import type { FieldName } from '../enrichment/fields';
import { toAnswerBody } from '../enrichment/answerBody';
import type { ClaimedRow, RowResult } from './jobStore';

/** Enriches one query exactly as POST /enrich does (see enrichRow.ts). */
export type RowEnricher = (request: EnrichmentRequest) => Promise<{ result: EnrichResult; cached: boolean }>;

export interface JobSpec {
  readonly id: string;
  readonly wanted: readonly FieldName[];
  readonly minConfidence: number;
  readonly deadlineMs: number;
}

export type Reason = 'invalid_identifier' | 'invalid_row' | 'no_match' | 'source_unavailable' | 'internal_error';

// The same rules as POST /enrich's body: the validator generated from the contract (common/validators.ts).
function identifierProblem(identifiers: Record<string, string>): string | null {
  if (!('email' in identifiers || 'domain' in identifiers || 'company_name' in identifiers)) return 'the row has none of email, domain or company_name';
  if (validateEnrichRequest(identifiers)) return null;
  const errors = (validateEnrichRequest.errors ?? []).filter((e) => e.instancePath !== '');
  return errors.map((e) => `${e.instancePath.slice(1)} ${e.message ?? 'is not valid'}`).join('; ') || 'the identifiers are not valid';
}

/** Enriches one claimed row into its result row: the real-time answer plus row number, caller id, input and reason. */
export async function processRow(claimed: ClaimedRow, job: JobSpec, enrichRow: RowEnricher): Promise<RowResult> {
  const { id, error, ...identifiers } = claimed.input;
  const head = { row: claimed.row, id: id ?? null, input: identifiers };
  const failure = (reason: Reason, problem: string): RowResult => {
    const nulls = Object.fromEntries(job.wanted.map((field) => [field, null]));
    return { row: claimed.row, result: JSON.stringify({ ...head, reason, problem, ...nulls }), matched: false, failed: true };
  };
  if (error !== undefined) return failure('invalid_row', error);
  const problem = identifierProblem(identifiers);
  if (problem !== null) return failure('invalid_identifier', problem);
  try {
    const answer = await enrichRow({ ...identifiers, enrich: job.wanted, min_confidence: job.minConfidence, deadline_ms: job.deadlineMs });
    const body = toAnswerBody(answer.result, `${job.id}:${claimed.row}`, answer.cached);
    const matched = answer.result.match.status !== 'none';
    const result = { ...head, reason: matched ? null : 'no_match', problem: matched ? null : 'nothing was found for these identifiers', ...body };
    return { row: claimed.row, result: JSON.stringify(result), matched, failed: false };
  } catch (cause) {
    if (cause instanceof NoSourceAvailableError) return failure('source_unavailable', 'no enrichment source could be consulted');
    if (cause instanceof NoUsableIdentifierError) return failure('invalid_identifier', 'every identifier is blank');
    return failure('internal_error', 'the row could not be enriched');
  }
}

/** Enriches claimed rows, `concurrency` at a time (a lane takes the next row as soon as it is free), results in row order. */
export async function processRows(rows: readonly ClaimedRow[], job: JobSpec, enrichRow: RowEnricher, concurrency: number): Promise<RowResult[]> {
  const out = new Array<RowResult>(rows.length);
  let next = 0;
  const lane = async () => {
    while (next < rows.length) {
      const index = next++;
      out[index] = await processRow(rows[index]!, job, enrichRow);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), rows.length) }, lane));
  return out;
}

const CSV_SPECIAL = /[",\r\n]/;
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return CSV_SPECIAL.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV header of a job's results. */
export function csvHeader(wanted: readonly FieldName[]): string {
  return ['row', 'id', 'input_email', 'input_domain', 'input_company_name', ...wanted, 'match', 'reason', 'problem'].join(',') + '\r\n';
}

/** One result row (its stored JSON) as a CSV line. */
export function csvLine(resultJson: string, wanted: readonly FieldName[]): string {
  const r = JSON.parse(resultJson) as Record<string, unknown> & { input: Record<string, string>; meta?: { match: { status: string } } };
  const cells = [r['row'], r['id'], r.input['email'], r.input['domain'], r.input['company_name'], ...wanted.map((f) => r[f]), r.meta?.match.status, r['reason'], r['problem']];
  return cells.map(csvCell).join(',') + '\r\n';
}
