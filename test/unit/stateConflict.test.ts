import { afterEach, describe, expect, it } from 'vitest';
import { BotStateStorage } from '../../src/storage/botStateStorage';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database';
import { Conversation } from '../support/conversation';
import { createTestRuntime } from '../support/testRuntime';

/**
 * State written by another instance between this turn's read and its save: what two instances
 * running turns of one conversation at once do when nothing serialises them.
 */
class RacedStorage extends BotStateStorage {
  raceNextWrite = false;

  override async writeSerialized(key: string, data: string, etag: string | undefined): Promise<string> {
    if (this.raceNextWrite) {
      this.raceNextWrite = false;
      const current = await this.readSerialized(key);
      const theirs = { ...(current ? (JSON.parse(current.data) as Record<string, unknown>) : {}), savedBy: 'the other instance' };
      await super.writeSerialized(key, JSON.stringify(theirs), undefined);
    }
    return super.writeSerialized(key, data, etag);
  }
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup) await close();
  cleanup = [];
});

async function raced(): Promise<{ storage: RacedStorage; conversation: Conversation; database: DatabaseHandle }> {
  const database = await openDatabase({ sqliteFile: ':memory:' });
  const storage = new RacedStorage(database.db, database.sqlite);
  const runtime = await createTestRuntime({ overrides: { storage } });
  cleanup.push(runtime.close, database.close);
  return { storage, database, conversation: new Conversation(runtime, { conversationId: 'raced', locale: 'en-US' }) };
}

describe('a turn whose state changed meanwhile (two instances, one conversation)', () => {
  it('is told to the person, keeps the state the other turn saved, and the next message works', async () => {
    const { storage, conversation } = await raced();
    await conversation.say('how long does closing my account take');

    storage.raceNextWrite = true;
    const replies = await conversation.say('does closing affect my credit score');
    expect(replies.at(-1)?.text).toContain('two of your messages arrived at the same moment');

    const kept = await storage.readSerialized('test/conversations/raced/');
    expect(JSON.parse(kept!.data)).toMatchObject({ savedBy: 'the other instance' });

    const next = await conversation.say('can a closed account be recovered');
    expect(next.map((r) => r.text).join('\n')).not.toContain('two of your messages');
    expect(next.map((r) => r.text).join('\n')).not.toContain('something went wrong');
    expect(JSON.parse((await storage.readSerialized('test/conversations/raced/'))!.data)).toMatchObject({ savedBy: 'the other instance' });
  });

  it('saves without conflict when nothing else wrote', async () => {
    const { conversation, storage } = await raced();
    await conversation.say('how long does closing my account take');
    const first = await storage.readSerialized('test/conversations/raced/');
    const replies = await conversation.say('does closing affect my credit score');
    expect(replies.map((r) => r.text).join('\n')).not.toContain('two of your messages');
    expect((await storage.readSerialized('test/conversations/raced/'))!.etag).not.toBe(first!.etag);
  });
});
