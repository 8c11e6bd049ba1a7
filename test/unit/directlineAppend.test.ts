import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConversationStore } from '../../src/channels/directline/conversationStore';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database';

/** The SQLite Direct Line append: one synchronous transaction, every activity once, in order. */
let handle: DatabaseHandle;
let store: ConversationStore;
beforeEach(async () => {
  handle = await openDatabase({ sqliteFile: ':memory:' });
  store = new ConversationStore(handle.db, handle.sqlite);
  await store.create({ id: 'conv', userId: 'u' });
});
afterEach(async () => {
  await handle.close();
});

describe('Direct Line append on SQLite', () => {
  it('numbers many concurrent appends 1..n, each exactly once, stored in that order', async () => {
    const stored = await Promise.all(Array.from({ length: 50 }, (_, i) => store.append('conv', { type: 'message', text: `m${i}` })));
    expect(stored.map((s) => s.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(stored[41]?.activity['id']).toBe('conv|0000042');
    const listed = await store.listAfter('conv', 0);
    expect(listed.map((s) => s.seq)).toEqual(stored.map((s) => s.seq));
    expect(listed.map((s) => s.activity)).toEqual(stored.map((s) => s.activity));
    expect((await store.get('conv'))?.lastSeq).toBe(50);
  });

  it('runs as one transaction with no round trips: BEGIN, bump, insert, COMMIT without yielding', async () => {
    const trace = vi.spyOn(handle.sqlite!.sqlite, 'prepare');
    const append = store.append('conv', { type: 'message', text: 'x' });
    expect(trace).not.toHaveBeenCalled(); // prepared once, when the store was made
    trace.mockRestore();
    // Synchronous: the activity is stored before append() even returns its promise.
    expect(handle.sqlite!.sqlite.prepare('select count(*) as n from directline_activity').get()).toEqual({ n: 1 });
    await append;
  });

  it('stores nothing and bumps nothing when the activity cannot be stored', async () => {
    // JSON has no BigInt: the insert fails after the bump, inside the transaction.
    await expect(store.append('conv', { type: 'message', amount: 1n })).rejects.toThrow('BigInt');
    expect((await store.get('conv'))?.lastSeq).toBe(0);
    expect(await store.listAfter('conv', 0)).toEqual([]);
    expect((await store.append('conv', { type: 'message' })).seq).toBe(1);
  });

  it('refuses an unknown conversation', async () => {
    await expect(store.append('nope', { type: 'message' })).rejects.toThrow('does not exist');
  });

  it('waits for a Kysely transaction open on the connection instead of joining it (and being rolled back with it)', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const rolledBack = handle.db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('directline_conversation').set({ locale: 'en' }).where('id', '=', 'conv').execute();
        await held;
        throw new Error('roll back');
      })
      .catch(() => 'rolled back');
    await new Promise((resolve) => setTimeout(resolve, 10));
    const append = store.append('conv', { type: 'message', text: 'kept' });
    release();
    expect(await rolledBack).toBe('rolled back');
    expect((await append).seq).toBe(1);
    expect((await store.listAfter('conv', 0)).map((s) => s.activity['text'])).toEqual(['kept']);
    expect((await store.get('conv'))?.locale).toBeUndefined();
  });
});
