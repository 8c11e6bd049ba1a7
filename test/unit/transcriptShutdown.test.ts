import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database';
import { createTestRuntime, tempDataDir } from '../support/testRuntime';

const data = tempDataDir();
afterAll(() => data.remove());

describe('a clean shutdown', () => {
  it('keeps every transcript line recorded just before it (SQLite writes them together later otherwise)', async () => {
    const runtime = await createTestRuntime({ dataDir: data.dir });
    const at = new Date().toISOString();
    await runtime.handoff.recordLines('directline/shutdown', [{ sender: 'user', text: 'how long does closing take?', at }], undefined);
    await runtime.handoff.recordLines('directline/shutdown', [{ sender: 'bot', text: 'Usually 1 to 3 working days.', at }], undefined);
    await runtime.close();

    const reopened = await openDatabase({ sqliteFile: path.join(data.dir, 'bot.sqlite') });
    try {
      const rows = await reopened.db.selectFrom('handoff_transcript').select('text').where('conversation_key', '=', 'directline/shutdown').orderBy('seq').execute();
      expect(rows.map((r) => r.text)).toEqual(['how long does closing take?', 'Usually 1 to 3 working days.']);
    } finally {
      await reopened.close();
    }
  });
});
