import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Database } from './database';
import type { SqliteStatementCache } from './statementCache';

/** Thrown when an item changed since it was read: two turns of one conversation raced. */
export class StorageConflictError extends Error {}

/** One stored item as its JSON text (no eTag inside) and the eTag it has now. */
export interface SerializedItem {
  data: string;
  etag: string;
}

/**
 * Items as JSON text, so a caller that already serialized an item (to see whether it changed)
 * does not serialize it again, and one that reads it can use the text as its change check.
 */
export interface SerializedStorage {
  readSerialized(key: string): Promise<SerializedItem | undefined>;
  /**
   * Writes `data`; with `etag` only over the item as it was read (else StorageConflictError), with
   * none unconditionally. Returns the item's new eTag.
   */
  writeSerialized(key: string, data: string, etag: string | undefined): Promise<string>;
}

/**
 * botbuilder's Storage over the bot's database, with eTag optimistic concurrency as MemoryStorage
 * has it: a write carrying a stale eTag fails instead of silently losing the other turn's state.
 */
export class BotStateStorage implements Storage, SerializedStorage {
  constructor(
    private readonly db: Database,
    /** SQLite: statements run directly on the connection (no query building per turn). */
    private readonly sqlite?: SqliteStatementCache,
  ) {}

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
      await this.writeSerialized(key, JSON.stringify(rest), eTag && eTag !== '*' ? eTag : undefined);
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.deleteFrom('bot_state').where('key', 'in', keys).execute();
  }

  async readSerialized(key: string): Promise<SerializedItem | undefined> {
    if (this.sqlite && !this.sqlite.sqlite.inTransaction) {
      return this.sqlite.prepare(SQLITE_READ).get(key) as SerializedItem | undefined;
    }
    return this.db.selectFrom('bot_state').select(['data', 'etag']).where('key', '=', key).executeTakeFirst();
  }

  async writeSerialized(key: string, data: string, expected: string | undefined): Promise<string> {
    const etag = randomUUID();
    const now = new Date().toISOString();
    if (expected) {
      if (!(await this.updateIfUnchanged(key, data, etag, now, expected))) {
        // Gone meanwhile (deleted after a failed turn) is no conflict: the write recreates it below.
        if (await this.readSerialized(key)) throw new StorageConflictError(`Storage: eTag conflict for ${key}`);
      } else {
        return etag;
      }
    }
    if (this.sqlite && !this.sqlite.sqlite.inTransaction) {
      this.sqlite.prepare(SQLITE_UPSERT).run(key, data, etag, now);
      return etag;
    }
    await this.db
      .insertInto('bot_state')
      .values({ key, data, etag, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ data, etag, updated_at: now }))
      .execute();
    return etag;
  }

  /** True when the row still had eTag `expected` and now holds `data`. */
  private async updateIfUnchanged(key: string, data: string, etag: string, now: string, expected: string): Promise<boolean> {
    if (this.sqlite && !this.sqlite.sqlite.inTransaction) {
      return this.sqlite.prepare(SQLITE_UPDATE_IF).run(data, etag, now, key, expected).changes > 0;
    }
    const updated = await this.db
      .updateTable('bot_state')
      .set({ data, etag, updated_at: now })
      .where('key', '=', key)
      .where('etag', '=', expected)
      .executeTakeFirst();
    return updated.numUpdatedRows > 0n;
  }
}

// A Kysely transaction open on the shared SQLite connection would take these in: the checks
// above then go through Kysely, which waits for it.
const SQLITE_READ = 'select "data", "etag" from "bot_state" where "key" = ?';
const SQLITE_UPDATE_IF = 'update "bot_state" set "data" = ?, "etag" = ?, "updated_at" = ? where "key" = ? and "etag" = ?';
const SQLITE_UPSERT =
  'insert into "bot_state" ("key", "data", "etag", "updated_at") values (?, ?, ?, ?) ' +
  'on conflict ("key") do update set "data" = excluded."data", "etag" = excluded."etag", "updated_at" = excluded."updated_at"';
