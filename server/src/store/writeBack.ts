import type { Kysely, Selectable } from 'kysely';
import type { EnrichResult } from '../enrichment/engine';
import { FIELD_NAMES, LIVE_SOURCES, type FieldName } from '../enrichment/fields';
import type { Identifiers } from '../enrichment/identifiers';
import { companyDomain } from '../enrichment/sources/web';
import type { CompaniesTable, Database, PeopleTable } from './schema';
import { writeBatch, type FieldMeta, type StoredFieldMeta } from './writer';

const COMPANY_SOURCES = new Set(['web', 'dns']);

function parseMeta(text: string | null): FieldMeta {
  if (text === null) return {};
  try {
    return JSON.parse(text) as FieldMeta;
  } catch {
    return {};
  }
}

/**
 * Merges live findings into a stored row, field by field. A value an operator imported (a field of a
 * row that no live source created, with no per-field provenance) is never replaced; a live value is
 * replaced only by one at least as confident, or when it has aged past `maxAgeMs`.
 */
function mergeInto(
  existing: Selectable<PeopleTable> | Selectable<CompaniesTable> | undefined,
  found: Partial<Record<FieldName, { value: string; meta: StoredFieldMeta }>>,
  now: Date,
  maxAgeMs: number,
): { fields: Partial<Record<FieldName, string>>; meta: FieldMeta; changed: boolean } {
  const meta: Record<string, StoredFieldMeta> = { ...parseMeta(existing?.field_meta ?? null) };
  const fields: Partial<Record<FieldName, string>> = {};
  const liveRow = existing === undefined || LIVE_SOURCES.has(existing.source);
  let changed = false;
  for (const field of FIELD_NAMES) {
    const current = existing?.[field] ?? null;
    if (current !== null) fields[field] = current;
    const candidate = found[field];
    if (candidate === undefined) continue;
    const currentMeta = meta[field];
    const operatorValue = current !== null && currentMeta === undefined && !liveRow;
    if (operatorValue) continue;
    const stale = currentMeta !== undefined && now.getTime() - Date.parse(currentMeta.fetched_at) >= maxAgeMs;
    if (current !== null && currentMeta !== undefined && !stale && currentMeta.confidence > candidate.meta.confidence) continue;
    fields[field] = candidate.value;
    meta[field] = candidate.meta;
    changed = true;
  }
  return { fields, meta, changed };
}

/**
 * Keeps what the live sources found: company fields from web/DNS under the company's domain, person
 * fields from the provider under the email, each field with its own source, confidence and
 * fetched_at, so later requests answer from the store with the same provenance until the value is
 * older than LIVE_MAX_AGE_H. Never overwrites operator data or a more confident live value, and does
 * not bump the cache generation (nothing an operator owns changed).
 */
export function createWriteBack(db: Kysely<Database>, isFreeMailbox: (host: string) => boolean, maxAgeMs: number) {
  return async (identifiers: Identifiers, result: EnrichResult, now: Date): Promise<void> => {
    const company: Partial<Record<FieldName, { value: string; meta: StoredFieldMeta }>> = {};
    const person: typeof company = {};
    let companySource: string | null = null;
    for (const [field, provenance] of Object.entries(result.provenance) as Array<[FieldName, NonNullable<EnrichResult['provenance'][FieldName]>]>) {
      const value = result.values[field];
      if (value === null || value === undefined || !result.consulted.includes(provenance.source)) continue;
      const entry = { value, meta: { source: provenance.source, confidence: provenance.confidence, fetched_at: provenance.fetchedAt.toISOString() } };
      if (COMPANY_SOURCES.has(provenance.source)) {
        company[field] = entry;
        companySource ??= provenance.source;
      } else if (provenance.source === 'provider') person[field] = entry;
    }
    const target = companyDomain(identifiers, isFreeMailbox);
    if (target !== null && companySource !== null) {
      const existing = await db.selectFrom('companies').selectAll().where('domain_key', '=', target.domain).executeTakeFirst();
      const merged = mergeInto(existing, company, now, maxAgeMs);
      if (merged.changed) {
        await writeBatch(
          db,
          'company',
          [{ naturalId: existing?.domain ?? target.domain, fields: merged.fields, source: existing?.source ?? companySource, fetchedAt: existing?.fetched_at ?? now.toISOString(), fieldMeta: merged.meta }],
          now,
          { bumpGeneration: false },
        );
      }
    }
    if (identifiers.email !== undefined && Object.keys(person).length > 0) {
      const existing = await db.selectFrom('people').selectAll().where('email_key', '=', identifiers.email.key).executeTakeFirst();
      const merged = mergeInto(existing, person, now, maxAgeMs);
      if (merged.changed) {
        await writeBatch(
          db,
          'person',
          [{ naturalId: existing?.email ?? identifiers.email.address, ...(existing?.domain_key && { domain: existing.domain_key }), fields: merged.fields, source: existing?.source ?? 'provider', fetchedAt: existing?.fetched_at ?? now.toISOString(), fieldMeta: merged.meta }],
          now,
          { bumpGeneration: false },
        );
      }
    }
  };
}
