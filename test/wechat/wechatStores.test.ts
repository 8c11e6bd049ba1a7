import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_WINDOW, MESSAGE_WINDOW, WeChatFollowers } from '../../src/channels/wechat/followers';
import { WeChatPushLog } from '../../src/channels/wechat/pushLog';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database';
import { openFreshPostgres } from '../support/freshPostgres';

const postgresUrl = process.env['DATABASE_URL'];
if (!postgresUrl) console.warn('WeChat store tests on PostgreSQL skipped: DATABASE_URL is not set (.ci/run sets it).');

const backends: [string, () => Promise<DatabaseHandle>][] = [
  ['SQLite', () => openDatabase({ sqliteFile: ':memory:' })],
  ...(postgresUrl ? ([['PostgreSQL', () => openFreshPostgres(postgresUrl)]] as [string, () => Promise<DatabaseHandle>][]) : []),
];

describe.each(backends)('what the WeChat channel keeps, on %s', (_name, open) => {
  let handle: DatabaseHandle;
  let now = Date.parse('2026-12-01T08:00:00Z');
  const clock = () => now;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle.close();
  });

  it('lets exactly one of many concurrent deliveries claim a push', async () => {
    const logs = [new WeChatPushLog(handle.db, clock), new WeChatPushLog(handle.db, clock)];
    const claims = await Promise.all(Array.from({ length: 6 }, (_, i) => logs[i % 2]!.claim('msg:6054768590064713728')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    await logs[0]!.setReply('msg:6054768590064713728', '<xml/>');
    expect(await logs[1]!.replyOf('msg:6054768590064713728', 0)).toBe('<xml/>');
    expect(await logs[1]!.replyOf('msg:unknown', 0)).toBeUndefined();
  });

  it('counts customer-service messages per window: 5 after a message for 48 h, 3 after an event', async () => {
    const followers = new WeChatFollowers(handle.db, clock);
    expect(await followers.takeMessage('o-store-user-1')).toBe(false);
    await followers.opened('o-store-user-1', 'message');
    const taken = [];
    for (let i = 0; i < MESSAGE_WINDOW.messages + 1; i++) taken.push(await followers.takeMessage('o-store-user-1'));
    expect(taken).toEqual([true, true, true, true, true, false]);

    await followers.opened('o-store-user-1', 'message');
    now += MESSAGE_WINDOW.ms + 1;
    expect(await followers.takeMessage('o-store-user-1')).toBe(false);

    await followers.opened('o-store-user-2', 'event');
    expect((await followers.get('o-store-user-2'))?.messagesLeft).toBe(EVENT_WINDOW.messages);
    now += EVENT_WINDOW.ms + 1;
    expect(await followers.takeMessage('o-store-user-2')).toBe(false);
  });

  it('keeps held replies in order until they are taken, once', async () => {
    const followers = new WeChatFollowers(handle.db, clock);
    await followers.hold('o-store-user-3', ['一', '二']);
    await followers.hold('o-store-user-3', ['三']);
    expect(await followers.takeHeld('o-store-user-3')).toEqual(['一', '二', '三']);
    expect(await followers.takeHeld('o-store-user-3')).toEqual([]);
  });

  it('remembers the language and the numbered choices of the latest replies', async () => {
    const followers = new WeChatFollowers(handle.db, clock);
    await followers.opened('o-store-user-4', 'message');
    await followers.rememberReplies('o-store-user-4', 'en', [{ title: 'Continue', value: { action: 'choice', choice: 'continue' } }]);
    await followers.rememberReplies('o-store-user-4', undefined, undefined);
    expect(await followers.get('o-store-user-4')).toMatchObject({ locale: 'en', choices: [{ title: 'Continue' }] });
  });
});
