import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Database } from './database';

/** Thrown when an item changed since it was read: two turns of one conversation raced. */
export class StorageConflictError extends Error {}

/**
 * botbuilder's Storage over the bot's database, with eTag optimistic concurrency as MemoryStorage
 * has it: a write carrying a stale eTag fails instead of silently losing the other turn's state.
 */
export class BotStateStorage implements Storage {
  constructor(private readonly db: Database) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const rows = await this.db.selectFrom('bot_state').select(['key', 'data', 'etag']).where('key', 'in', keys).execute();
    const items: StoreItems = {};
    for (const row of rows) items[row.key] = { ...JSON.parse(row.data), eTag: row.etag };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...rest } = (item ?? {}) as { eTag?: string } & Record<string, unknown>;
      const data = JSON.stringify(rest);
      const etag = randomUUID();
      const now = new Date().toISOString();
      if (eTag && eTag !== '*') {
        const updated = await this.db
          .updateTable('bot_state')
          .set({ data, etag, updated_at: now })
          .where('key', '=', key)
          .where('etag', '=', eTag)
          .executeTakeFirst();
        if (updated.numUpdatedRows > 0n) continue;
        const exists = await this.db.selectFrom('bot_state').select('key').where('key', '=', key).executeTakeFirst();
        if (exists) throw new StorageConflictError(`Storage: eTag conflict for ${key}`);
      }
      await this.db
        .insertInto('bot_state')
        .values({ key, data, etag, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ data, etag, updated_at: now }))
        .execute();
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.deleteFrom('bot_state').where('key', 'in', keys).execute();
  }
}
