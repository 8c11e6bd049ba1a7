import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotStateStorage, StorageConflictError } from '../../src/storage/botStateStorage';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database';
import { FeedbackStore } from '../../src/storage/feedbackStore';
import { openFreshPostgres } from '../support/freshPostgres';

const postgresUrl = process.env['DATABASE_URL'];
if (!postgresUrl) console.warn('PostgreSQL storage tests skipped: DATABASE_URL is not set (.ci/run sets it).');

const backends: [string, () => Promise<DatabaseHandle>][] = [
  ['SQLite', () => openDatabase({ sqliteFile: ':memory:' })],
  ...(postgresUrl ? ([['PostgreSQL', () => openFreshPostgres(postgresUrl)]] as [string, () => Promise<DatabaseHandle>][]) : []),
];

describe.each(backends)('bot state storage on %s', (_name, open) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle.close();
  });

  it('reads back what it wrote, with a fresh eTag, and nothing for unknown keys', async () => {
    const storage = new BotStateStorage(handle.db);
    await storage.write({ 'conv/1': { dialogStack: [{ id: 'main' }], locale: 'zh-CN' } });
    const items = await storage.read(['conv/1', 'missing']);
    expect(items['conv/1']).toMatchObject({ dialogStack: [{ id: 'main' }], locale: 'zh-CN' });
    expect(typeof items['conv/1']?.eTag).toBe('string');
    expect(items['missing']).toBeUndefined();
  });

  it('refuses a write carrying a stale eTag, so a racing turn cannot overwrite state silently', async () => {
    const storage = new BotStateStorage(handle.db);
    await storage.write({ 'conv/2': { n: 1 } });
    const first = (await storage.read(['conv/2']))['conv/2']!;
    await storage.write({ 'conv/2': { ...first, n: 2 } });
    await expect(storage.write({ 'conv/2': { ...first, n: 3 } })).rejects.toBeInstanceOf(StorageConflictError);
    expect((await storage.read(['conv/2']))['conv/2']).toMatchObject({ n: 2 });
    await storage.write({ 'conv/2': { n: 4, eTag: '*' } });
    expect((await storage.read(['conv/2']))['conv/2']).toMatchObject({ n: 4 });
  });

  it('deletes items', async () => {
    const storage = new BotStateStorage(handle.db);
    await storage.write({ 'conv/3': { x: 1 } });
    await storage.delete(['conv/3']);
    expect(await storage.read(['conv/3'])).toEqual({});
  });

  it('counts feedback per topic', async () => {
    const feedback = new FeedbackStore(handle.db);
    await feedback.record({ topicId: 'credit-impact', locale: 'zh-CN', helpful: true, conversationId: 'c1' });
    await feedback.record({ topicId: 'credit-impact', locale: 'en', helpful: false, conversationId: 'c2' });
    await feedback.record({ topicId: 'closure-timing', locale: 'en', helpful: true, conversationId: 'c3' });
    expect(await feedback.summary()).toEqual([
      { topicId: 'closure-timing', helpful: 1, notHelpful: 0 },
      { topicId: 'credit-impact', helpful: 1, notHelpful: 1 },
    ]);
  });
});
