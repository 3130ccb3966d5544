/**
 * Loads the evaluation set's records into a scratch SQLite file through the real importer, runs
 * queries through `adapter.ts`, and judges each answer against its label.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIELD_NAMES } from '../../server/src/enrichment/fields';
import { migrateToLatest, openDatabase } from '../../server/src/store/db';
import { importFile, type ImportSummary } from '../../server/src/store/importer';
import { readAnswer, runQuery, wireSources, type EvalWiring } from './adapter';
import { type Entity, type EvalQuery, type EvalSet, type Row } from './dataset';
import type { Outcome } from './metrics';

export interface EvalStore {
  readonly wiring: EvalWiring;
  /** Which record each judged value belongs to. */
  readonly owner: ReadonlyMap<string, { entity: Entity; id: string }>;
  /** Rows the importer refused, by file (records the store cannot hold cannot be found). */
  readonly imported: Record<string, ImportSummary>;
  close(): Promise<void>;
}

function toCsv(rows: readonly Row[]): string {
  const columns = ['email', 'domain', ...FIELD_NAMES].filter((c) => rows.some((r) => r[c] !== undefined));
  const cell = (value: string | undefined) => {
    const text = value ?? '';
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\n') + '\n';
}

/** A scratch store with the set's records (the sample data and the extras), written to CSV and imported as an operator would. */
export async function openEvalStore(set: EvalSet): Promise<EvalStore> {
  const dir = mkdtempSync(path.join(tmpdir(), 'enrich-eval-'));
  const store = openDatabase(`sqlite:${path.join(dir, 'eval.db')}`);
  await migrateToLatest(store.db);
  const imported: Record<string, ImportSummary> = {};
  const files: Array<[string, 'company' | 'person']> = [
    [path.join(dir, 'companies.csv'), 'company'],
    [path.join(dir, 'people.csv'), 'person'],
  ];
  writeFileSync(files[0]![0], toCsv(set.companies));
  writeFileSync(files[1]![0], toCsv(set.people));
  for (const [file, kind] of files) {
    imported[path.basename(file)] = await importFile(store.db, { file, kind, source: 'eval', rejectsFile: path.join(dir, `${path.basename(file)}.rejects.jsonl`) });
  }
  const owner = new Map<string, { entity: Entity; id: string }>();
  for (const p of set.people) owner.set(p['linkedin_url']!, { entity: 'person', id: p['email']!.toLowerCase() });
  for (const c of set.companies) owner.set(c['linkedin_url']!, { entity: 'company', id: c['domain']! });
  return {
    wiring: wireSources(store.db),
    owner,
    imported,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs and judges queries, one after another (the store is one SQLite file; order does not matter). */
export async function evaluate(store: EvalStore, queries: readonly EvalQuery[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const query of queries) {
    const answer = await runQuery(store.wiring, query.request);
    if (answer.refused) {
      outcomes.push({ query, refused: true, returned: null, confidence: null, matchedOn: null, correct: false });
      continue;
    }
    const read = readAnswer(answer.result, query.entity);
    const record = read.value === null ? undefined : store.owner.get(read.value);
    let returned = record !== undefined && record.entity === query.entity ? record.id : null;
    // The engine says it found the entity but the answer names no record of it: a wrong answer.
    if (returned === null && read.found === true) returned = '?';
    // The engine says it did not find the entity: whatever value came along is not a claim about it.
    if (read.found === false) returned = null;
    outcomes.push({ query, refused: false, returned, confidence: returned === null ? null : read.confidence, matchedOn: returned === null ? null : read.matchedOn, correct: returned !== null && returned === query.expected });
  }
  return outcomes;
}
