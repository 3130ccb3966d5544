import type { Kysely } from 'kysely';
import type { EnrichResult } from '../enrichment/engine';
import { LIVE_SOURCES, type FieldName } from '../enrichment/fields';
import type { Identifiers } from '../enrichment/identifiers';
import { companyDomain } from '../enrichment/sources/web';
import type { Database } from './schema';
import { writeBatch } from './writer';

const COMPANY_SOURCES = new Set(['web', 'dns']);

/**
 * Keeps what the live sources found: company fields from web/DNS under the company's domain, person
 * fields from the provider under the email, each with its source and fetched_at, so later requests
 * answer from the store until the record is older than LIVE_MAX_AGE_H. Never overwrites a record an
 * operator imported, and does not bump the cache generation (nothing an operator owns changed).
 */
export function createWriteBack(db: Kysely<Database>, isFreeMailbox: (host: string) => boolean) {
  return async (identifiers: Identifiers, result: EnrichResult, now: Date): Promise<void> => {
    const company: Partial<Record<FieldName, string>> = {};
    const person: Partial<Record<FieldName, string>> = {};
    let companySource = 'dns';
    for (const [field, provenance] of Object.entries(result.provenance) as Array<[FieldName, NonNullable<EnrichResult['provenance'][FieldName]>]>) {
      const value = result.values[field];
      if (value === null || value === undefined || !result.consulted.includes(provenance.source)) continue;
      if (COMPANY_SOURCES.has(provenance.source)) {
        company[field] = value;
        if (provenance.source === 'web') companySource = 'web';
      } else if (provenance.source === 'provider') person[field] = value;
    }
    const target = companyDomain(identifiers, isFreeMailbox);
    if (target !== null && Object.keys(company).length > 0) {
      const existing = await db.selectFrom('companies').select('source').where('domain_key', '=', target.domain).executeTakeFirst();
      if (existing === undefined || LIVE_SOURCES.has(existing.source)) {
        await writeBatch(db, 'company', [{ naturalId: target.domain, fields: company, source: companySource, fetchedAt: now.toISOString() }], now, { bumpGeneration: false, refreshUnchanged: true });
      }
    }
    if (identifiers.email !== undefined && Object.keys(person).length > 0) {
      const existing = await db.selectFrom('people').select('source').where('email_key', '=', identifiers.email.key).executeTakeFirst();
      if (existing === undefined || LIVE_SOURCES.has(existing.source)) {
        await writeBatch(db, 'person', [{ naturalId: identifiers.email.address, fields: person, source: 'provider', fetchedAt: now.toISOString() }], now, { bumpGeneration: false, refreshUnchanged: true });
      }
    }
  };
}
