import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConversationStore } from '../../src/channels/directline/conversationStore';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database';

/** SQLite checkpoints in a worker: the log reaches the database file without the writing connection doing it. */
let dir: string;
let handle: DatabaseHandle | undefined;
afterEach(async () => {
  await handle?.close();
  handle = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return check();
}

describe('background WAL checkpoints (SQLite file)', () => {
  it('copies committed activities into the database file while the bot only writes, and closes cleanly', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wal-checkpoint-'));
    const file = path.join(dir, 'bot.sqlite');
    handle = await openDatabase({ sqliteFile: file });
    const store = new ConversationStore(handle.db, handle.sqlite);
    await store.create({ id: 'conv', userId: 'u' });
    const before = fs.statSync(file).size;
    // Far below the writing connection's own checkpoint bound: only the worker copies these pages.
    for (let i = 0; i < 200; i++) await store.append('conv', { type: 'message', text: `message ${i} `.repeat(40) });
    expect(await until(() => fs.statSync(file).size > before + 200 * 400, 5000)).toBe(true);
    expect((await store.listAfter('conv', 0)).length).toBe(200);

    await handle.close();
    handle = undefined;
    // The last connection closed checkpointed and removed the log: no worker still holds the file open.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });
});
