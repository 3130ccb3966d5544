import { createReadStream, createWriteStream, statSync, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse as parseCsv } from 'csv-parse';
import type { Kysely } from 'kysely';
import { FIELD_NAMES, type FieldName } from '../enrichment/fields';
import { isEmailAddress, registrableDomain } from '../enrichment/identifiers';
import type { Database } from './schema';
import { writeBatch, type RecordInput, type RecordKind } from './writer';

export interface ImportOptions {
  readonly file: string;
  readonly kind: RecordKind;
  /** Input column -> canonical column (`--map col=field,...`). */
  readonly map?: Readonly<Record<string, string>>;
  /** Recorded as each row's `source`; default `import`. */
  readonly source?: string;
  readonly batchSize?: number;
  /** Where rejected rows go, one JSON line each with its reason; default `<file>.rejects.jsonl`. */
  readonly rejectsFile?: string;
  /** Called after each committed batch, with the bytes of the file read so far. */
  readonly onProgress?: (summary: ImportSummary, bytesRead: number, bytesTotal: number) => void;
  readonly now?: () => Date;
}

export interface ImportSummary {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Input columns that are neither canonical nor mapped, and were left out. */
  ignoredColumns: string[];
  rejectsFile: string | null;
}

const MAX_VALUE = 1000;
const FIELD_SET = new Set<string>(FIELD_NAMES);

/** Validates one input record (already mapped to canonical names); returns the record or why it is refused. */
export function validateRecord(kind: RecordKind, raw: Record<string, unknown>, source: string): RecordInput | string {
  const fields: Partial<Record<FieldName, string>> = {};
  const text = (name: string): string | undefined | Error => {
    const value = raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') return new Error(`${name} must be text`);
    const trimmed = String(value).trim();
    if (trimmed.length > MAX_VALUE) return new Error(`${name} is longer than ${MAX_VALUE} characters`);
    return trimmed === '' ? undefined : trimmed;
  };
  for (const field of FIELD_NAMES) {
    const value = text(field);
    if (value instanceof Error) return value.message;
    if (value !== undefined) fields[field] = value;
  }
  for (const field of ['personal_email', 'business_email'] as const) {
    if (fields[field] !== undefined && !isEmailAddress(fields[field])) return `${field} is not an email address`;
  }
  if (fields.linkedin_url !== undefined && !/^https:\/\/([a-z]{2,3}\.)?linkedin\.com\//i.test(fields.linkedin_url)) {
    return 'linkedin_url must be an https://linkedin.com/ URL';
  }
  const fetchedAt = text('fetched_at');
  if (fetchedAt instanceof Error) return fetchedAt.message;
  if (fetchedAt !== undefined && Number.isNaN(Date.parse(fetchedAt))) return 'fetched_at is not a date';
  const base = { fields, source, ...(fetchedAt !== undefined && { fetchedAt: new Date(fetchedAt).toISOString() }) };

  if (kind === 'person') {
    const email = text('email');
    if (email instanceof Error) return email.message;
    if (email === undefined) return 'email is missing (a person needs the email to be found by)';
    if (!isEmailAddress(email)) return 'email is not an email address';
    const domain = text('domain');
    if (domain instanceof Error) return domain.message;
    if (domain !== undefined && registrableDomain(domain) === null) return 'domain has no registrable domain';
    return { ...base, naturalId: email, ...(domain !== undefined && { domain }) };
  }
  const domain = text('domain');
  if (domain instanceof Error) return domain.message;
  if (domain === undefined) return 'domain is missing (a company needs its domain to be found by)';
  if (domain.length > 253 || registrableDomain(domain) === null) return 'domain has no registrable domain';
  return { ...base, naturalId: domain };
}

type Line = { line: number; record: Record<string, unknown> } | { line: number; error: string; text: string };

async function* csvRecords(stream: NodeJS.ReadableStream, rename: (column: string) => string): AsyncGenerator<Line> {
  const parser = stream.pipe(parseCsv({ columns: (header: string[]) => header.map((h) => rename(h.trim())), bom: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, unknown>; info: { lines: number; invalid_field_length: number } }>) {
    if (info.invalid_field_length > 0) yield { line: info.lines, error: 'the row has a different number of columns than the header', text: JSON.stringify(record) };
    else yield { line: info.lines, record };
  }
}

async function* jsonlRecords(stream: NodeJS.ReadableStream, rename: (column: string) => string): AsyncGenerator<Line> {
  let line = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    line += 1;
    if (text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      yield { line, error: 'the line is not valid JSON', text };
      continue;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      yield { line, error: 'the line is not a JSON object', text };
      continue;
    }
    const record: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(parsed)) if (key !== '__proto__') record[rename(key)] = value;
    yield { line, record };
  }
}

/**
 * Streams a CSV or JSONL file into the store: bounded memory, every row validated, rejected rows
 * written with their reason to the rejects file, one transaction per batch (an interrupted import
 * keeps every committed batch and no half row), identical rows left alone.
 */
export async function importFile(db: Kysely<Database>, options: ImportOptions): Promise<ImportSummary> {
  const { file, kind } = options;
  const map = options.map ?? {};
  const source = options.source ?? 'import';
  const batchSize = options.batchSize ?? 1000;
  const rejectsPath = options.rejectsFile ?? `${file}.rejects.jsonl`;
  const canonical = new Set([...FIELD_SET, 'email', 'domain', 'fetched_at']);
  const ignored = new Set<string>();
  const rename = (column: string) => {
    const name = map[column] ?? column;
    if (!canonical.has(name)) ignored.add(column);
    return name;
  };

  const total = statSync(file).size;
  let bytesRead = 0;
  const stream = createReadStream(file);
  stream.on('data', (chunk) => (bytesRead += chunk.length));
  const jsonl = /\.(jsonl|ndjson)$/i.test(file);
  const lines = jsonl ? jsonlRecords(stream, rename) : csvRecords(stream, rename);

  const summary: ImportSummary = { read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, ignoredColumns: [], rejectsFile: null };
  let rejects: WriteStream | null = null;
  const reject = (line: number, reason: string, record: unknown) => {
    summary.rejected += 1;
    if (rejects === null) {
      rejects = createWriteStream(rejectsPath);
      summary.rejectsFile = rejectsPath;
    }
    rejects.write(`${JSON.stringify({ line, reason, record })}\n`);
  };
  let batch: RecordInput[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const counts = await writeBatch(db, kind, batch, options.now?.());
    summary.inserted += counts.inserted;
    summary.updated += counts.updated;
    summary.unchanged += counts.unchanged;
    batch = [];
    options.onProgress?.(summary, bytesRead, total);
  };

  try {
    for await (const item of lines) {
      summary.read += 1;
      if ('error' in item) {
        reject(item.line, item.error, item.text);
        continue;
      }
      const record = validateRecord(kind, item.record, source);
      if (typeof record === 'string') reject(item.line, record, item.record);
      else batch.push(record);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } finally {
    stream.destroy();
    const open: WriteStream | null = rejects;
    if (open !== null) await new Promise<void>((resolve) => (open as WriteStream).end(resolve));
  }
  summary.ignoredColumns = [...ignored].sort();
  return summary;
}
