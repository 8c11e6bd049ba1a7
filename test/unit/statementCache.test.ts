import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ConversationStore } from '../../src/channels/directline/conversationStore';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database';
import { MAX_CACHED_STATEMENTS, preparedStatementPool, SqliteStatementCache } from '../../src/storage/statementCache';
import { openFreshPostgres } from '../support/freshPostgres';

const postgresUrl = process.env['DATABASE_URL'];
if (!postgresUrl) console.warn('PostgreSQL prepared-statement tests skipped: DATABASE_URL is not set (.ci/run sets it).');

describe('SQLite statement cache', () => {
  it('prepares a statement once and hands the same one back', () => {
    const sqlite = new BetterSqlite3(':memory:');
    const prepare = vi.spyOn(sqlite, 'prepare');
    const cache = new SqliteStatementCache(sqlite);
    const first = cache.prepare('select 1 as one');
    expect(cache.prepare('select 1 as one')).toBe(first);
    expect(first.get()).toEqual({ one: 1 });
    expect(prepare).toHaveBeenCalledTimes(1);
    cache.close();
  });

  it('keeps at most MAX_CACHED_STATEMENTS, and the ones in use', () => {
    const cache = new SqliteStatementCache(new BetterSqlite3(':memory:'));
    const kept = cache.prepare('select 0');
    const once = cache.prepare('select -1');
    for (let i = 1; i <= 2 * MAX_CACHED_STATEMENTS; i++) {
      cache.prepare(`select ${i}`);
      if (i % 10 === 0) cache.prepare('select 0'); // used again and again: stays
      expect(cache.size).toBeLessThanOrEqual(MAX_CACHED_STATEMENTS);
    }
    expect(cache.prepare('select 0')).toBe(kept);
    expect(cache.prepare('select -1')).not.toBe(once);
    cache.close();
  });

  it('is what Kysely runs on: a query repeated with other values prepares nothing new', async () => {
    const handle = await openDatabase({ sqliteFile: ':memory:' });
    const prepare = vi.spyOn(handle.sqlite!.sqlite, 'prepare');
    for (const key of ['a', 'b', 'c']) await handle.db.selectFrom('bot_state').select('data').where('key', '=', key).execute();
    expect(prepare).toHaveBeenCalledTimes(1);
    await handle.close();
  });
});

describe.skipIf(!postgresUrl)('PostgreSQL named prepared statements', () => {
  let handle: DatabaseHandle;
  afterAll(async () => {
    await handle?.close();
  });

  it('names each data statement once and reuses the name; DDL goes unnamed', async () => {
    const pool = new pg.Pool({ connectionString: postgresUrl, max: 1 });
    const prepared = preparedStatementPool(pool);
    const client = await prepared.connect();
    const first = await client.query<{ n: number }>('select $1::int as n', [1]);
    const second = await client.query<{ n: number }>('select $1::int as n', [2]);
    await client.query('create temporary table t (x int)', []);
    client.release();
    expect([first.rows[0]?.n, second.rows[0]?.n]).toEqual([1, 2]);
    expect([...prepared.names.entries()]).toEqual([['select $1::int as n', 'wsb_0']]);
    await prepared.end();
  });

  it('serves the bot through it: the Direct Line append (one statement) keeps its order and stores each activity with its id', async () => {
    handle = await openFreshPostgres(postgresUrl!);
    const store = new ConversationStore(handle.db);
    // An id JSON must escape, and a text that looks like the id field: both kept as they are.
    const conversationId = 'pg-"conv"\\1';
    await store.create({ id: conversationId, userId: 'u' });
    const stored = await Promise.all([1, 2, 3].map((n) => store.append(conversationId, { type: 'message', text: `m${n} "id":"x"`, channelData: { id: n } })));
    expect(stored.map((s) => s.seq).sort()).toEqual([1, 2, 3]);
    const listed = await store.listAfter(conversationId, 0);
    expect(listed.map((s) => s.seq)).toEqual([1, 2, 3]);
    expect(listed.map((s) => s.activity)).toEqual([...stored].sort((a, b) => a.seq - b.seq).map((s) => s.activity));
    expect(listed[0]?.activity['id']).toBe(`${conversationId}|0000001`);
    await expect(store.append('pg-none', { type: 'message' })).rejects.toThrow('does not exist');
    expect((await store.get(conversationId))?.lastSeq).toBe(3);
  });
});
