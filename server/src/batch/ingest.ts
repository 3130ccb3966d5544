import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { RowInput } from './jobStore';

const COLUMNS = ['id', 'email', 'domain', 'company_name'] as const;
/** A CSV record longer than this is refused as one bad row (an unclosed quote must not swallow the file into memory). */
const MAX_RECORD_BYTES = 64 * 1024;

/** The upload cannot be read as rows at all (an unclosed quote swallows the rest of a CSV): no job is made. */
export class UnreadableUpload extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableUpload';
  }
}

/** Parser errors after which no row boundary can be trusted: the file is refused rather than rows merged. */
const FATAL_CSV_ERRORS = new Set(['CSV_MAX_RECORD_SIZE', 'CSV_QUOTE_NOT_CLOSED']);

/** Keeps the four known members as trimmed strings; empty values count as absent. */
export function toRowInput(value: unknown): RowInput {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: 'the row is not an object' };
  const out: Record<string, string> = {};
  for (const column of COLUMNS) {
    const raw = (value as Record<string, unknown>)[column];
    if (raw === undefined || raw === null) continue;
    if (typeof raw !== 'string' && typeof raw !== 'number') return { error: `${column} must be a string` };
    const text = String(raw).trim();
    if (text !== '') out[column] = text;
  }
  return out;
}

/**
 * The rows of a CSV upload, in order, read as a stream: a header row names the columns (`id`, `email`,
 * `domain`, `company_name`, any case; others ignored), a BOM is dropped, quoted fields may hold
 * newlines. A row the parser cannot read is still a row: `{ error }` in its place.
 */
export async function* csvRows(input: Readable): AsyncGenerator<RowInput> {
  let sequence = 0;
  let fatal: string | undefined;
  const skipped: Array<{ sequence: number; error: string }> = [];
  const parser = input.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase().replace(/\s+/g, '_')),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: MAX_RECORD_BYTES,
      // Both run synchronously in input order, so a skipped row keeps its place.
      on_record: (record: Record<string, string>) => ({ record, sequence: sequence++ }),
      on_skip: (error: (Error & { code?: string }) | undefined) => {
        if (error?.code !== undefined && FATAL_CSV_ERRORS.has(error.code)) fatal ??= error.message;
        skipped.push({ sequence: sequence++, error: `the CSV row could not be read: ${error?.message ?? 'unknown error'}` });
      },
    }),
  );
  input.on('error', (error) => parser.destroy(error));
  const unreadable = () => new UnreadableUpload(`the CSV cannot be read as rows (a quote that is never closed?): ${fatal}`);
  for await (const item of parser as AsyncIterable<{ record: Record<string, string>; sequence: number }>) {
    if (fatal !== undefined) throw unreadable();
    while (skipped.length > 0 && skipped[0]!.sequence < item.sequence) yield { error: skipped.shift()!.error };
    yield toRowInput(item.record);
  }
  if (fatal !== undefined) throw unreadable();
  for (const skip of skipped) yield { error: skip.error };
}

/** The rows of an NDJSON upload (one JSON object per line; blank lines are not rows), read as a stream. */
export async function* ndjsonRows(input: Readable): AsyncGenerator<RowInput> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let first = true;
  for await (let line of lines) {
    if (first) {
      line = line.replace(/^\uFEFF/, '');
      first = false;
    }
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      yield { error: `the line is not JSON: ${(error as Error).message}` };
      continue;
    }
    yield toRowInput(value);
  }
}
