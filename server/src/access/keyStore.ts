import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ApiKeysTable, Database } from '../store/schema';
import { generateKey, keyHint, type KeyEnvironment } from './keyFormat';

export type StoredKey = Selectable<ApiKeysTable>;

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** `keys rotate` on a key that was already rotated. */
export class KeyAlreadyRotated extends Error {
  constructor(id: string, replacedBy: string | null) {
    super(`key ${id} was already rotated${replacedBy === null ? '' : ` (its replacement is ${replacedBy})`}: rotate the replacement instead`);
    this.name = 'KeyAlreadyRotated';
  }
}

/** API keys in the store: created (shown once), listed, revoked, rotated; found by hash. */
export function createKeyStore(db: Kysely<Database>) {
  return {
    async findByHash(hash: string): Promise<StoredKey | null> {
      return (await db.selectFrom('api_keys').selectAll().where('key_hash', '=', hash).executeTakeFirst()) ?? null;
    },

    async create(options: { tenant: string; name?: string; limits?: string; expiresAt?: Date; environment: KeyEnvironment; now: Date }): Promise<{ id: string; key: string }> {
      const key = generateKey(options.environment);
      const id = `key_${randomBytes(8).toString('hex')}`;
      await db
        .insertInto('api_keys')
        .values({
          id,
          tenant: options.tenant,
          name: options.name ?? null,
          key_hash: hashKey(key),
          key_hint: keyHint(key),
          limits: options.limits ?? null,
          created_at: options.now.toISOString(),
          last_used_at: null,
          expires_at: options.expiresAt?.toISOString() ?? null,
          revoked_at: null,
          replaced_by: null,
        })
        .execute();
      return { id, key };
    },

    async list(): Promise<StoredKey[]> {
      return db.selectFrom('api_keys').selectAll().orderBy('tenant').orderBy('created_at').execute();
    },

    async get(id: string): Promise<StoredKey | null> {
      return (await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
    },

    async revoke(id: string, now: Date): Promise<boolean> {
      const result = await db.updateTable('api_keys').set({ revoked_at: now.toISOString() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /**
     * A new key with the same tenant, name, limits and expiry policy (a key made to live 90 days is
     * replaced by one that lives 90 days from now); the old key keeps working until `now + grace` (or
     * its own earlier expiry), so callers can switch without downtime. A key is rotated once: rotating
     * it again (two operators, a retried script) throws instead of minting a second live successor.
     */
    async rotate(id: string, options: { graceMs: number; environment: KeyEnvironment; now: Date }): Promise<{ id: string; key: string; oldExpiresAt: Date } | null> {
      return db.transaction().execute(async (trx) => {
        const old = await trx.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
        if (!old || old.revoked_at !== null) return null;
        if (old.replaced_by !== null) throw new KeyAlreadyRotated(id, old.replaced_by);
        const graceEnd = new Date(options.now.getTime() + options.graceMs);
        const oldExpiresAt = old.expires_at !== null && new Date(old.expires_at) < graceEnd ? new Date(old.expires_at) : graceEnd;
        const key = generateKey(options.environment);
        const newId = `key_${randomBytes(8).toString('hex')}`;
        // Conditional on not being replaced yet, so two concurrent rotations cannot both succeed.
        const marked = await trx
          .updateTable('api_keys')
          .set({ expires_at: oldExpiresAt.toISOString(), replaced_by: newId })
          .where('id', '=', id)
          .where('replaced_by', 'is', null)
          .executeTakeFirst();
        if (Number(marked.numUpdatedRows) === 0) throw new KeyAlreadyRotated(id, null);
        const lifetimeMs = old.expires_at === null ? null : Date.parse(old.expires_at) - Date.parse(old.created_at);
        await trx
          .insertInto('api_keys')
          .values({
            id: newId,
            tenant: old.tenant,
            name: old.name,
            key_hash: hashKey(key),
            key_hint: keyHint(key),
            limits: old.limits,
            created_at: options.now.toISOString(),
            last_used_at: null,
            expires_at: lifetimeMs === null ? null : new Date(options.now.getTime() + lifetimeMs).toISOString(),
            revoked_at: null,
            replaced_by: null,
          })
          .execute();
        return { id: newId, key, oldExpiresAt };
      });
    },

    async touch(id: string, at: Date): Promise<void> {
      await db.updateTable('api_keys').set({ last_used_at: at.toISOString() }).where('id', '=', id).execute();
    },
  };
}

export type KeyStore = ReturnType<typeof createKeyStore>;
