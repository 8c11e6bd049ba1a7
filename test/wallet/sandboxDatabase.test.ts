import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSandboxDatabase } from '../../src/wallet/sandbox/database';

describe('the sandbox wallet database', () => {
  it('keeps a write-ahead log synced at checkpoints, not at every commit (it runs in the bot process)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-db-'));
    const db = openSandboxDatabase(path.join(dir, 'sandbox.sqlite'));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      // 1 = NORMAL: durable across a crash of the process; 2 (FULL, the default) syncs the disk per commit.
      expect(db.pragma('synchronous', { simple: true })).toBe(1);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
