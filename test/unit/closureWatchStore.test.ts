import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClosureWatchStore } from '../../src/notices/closureWatchStore';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database';
import { openFreshPostgres } from '../support/freshPostgres';

const postgresUrl = process.env['DATABASE_URL'];
if (!postgresUrl) console.warn('PostgreSQL closure-watch store tests skipped: DATABASE_URL is not set (.ci/run sets it).');

const backends: [string, () => Promise<DatabaseHandle>][] = [
  ['SQLite', () => openDatabase({ sqliteFile: ':memory:' })],
  ...(postgresUrl ? ([['PostgreSQL', () => openFreshPostgres(postgresUrl)]] as [string, () => Promise<DatabaseHandle>][]) : []),
];

describe.each(backends)('the filed closure requests on %s', (_name, open) => {
  let handle: DatabaseHandle;
  /** Two instances of the bot on one database. */
  let stores: [ClosureWatchStore, ClosureWatchStore];

  beforeAll(async () => {
    handle = await open();
    stores = [new ClosureWatchStore(handle.db, Date.now), new ClosureWatchStore(handle.db, Date.now)];
  });
  afterAll(async () => {
    await handle.close();
  });

  const watch = (requestId: string) =>
    stores[0].watch({
      requestId,
      channel: 'msteams',
      reference: { channelId: 'msteams', serviceUrl: 'https://smba.example/', conversation: { id: 'a:1', isGroup: false, conversationType: 'personal', name: '' } },
      locale: 'zh-CN',
      script: 'traditional',
    });

  it('claims each notice exactly once when instances race for it', async () => {
    await watch('CR20261202RACE01');
    const claims = await Promise.all(Array.from({ length: 12 }, (_, i) => stores[i % 2]!.advance('CR20261202RACE01', 'completed', true)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await stores[1].notices('CR20261202RACE01')).toEqual([{ status: 'completed', sent: false }]);
  });

  it('only moves forward: a late report of an earlier state neither notifies nor reopens the request', async () => {
    await watch('CR20261202LATE01');
    expect(await stores[0].advance('CR20261202LATE01', 'completed', true)).toBe(true);
    expect(await stores[1].advance('CR20261202LATE01', 'processing', true)).toBe(false);
    expect((await stores[0].get('CR20261202LATE01'))?.lastStatus).toBe('completed');
    expect((await stores[0].open(100)).map((w) => w.requestId)).not.toContain('CR20261202LATE01');
  });

  it('pages through the open requests by id, so a round reaches every one however many wait', async () => {
    for (const id of ['CR20261202PAGE01', 'CR20261202PAGE02', 'CR20261202PAGE03']) await watch(id);
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = await stores[0].open(2); page.length > 0; page = await stores[0].open(2, after)) {
      seen.push(...page.map((w) => w.requestId));
      after = page.at(-1)!.requestId;
    }
    expect(seen).toEqual(expect.arrayContaining(['CR20261202PAGE01', 'CR20261202PAGE02', 'CR20261202PAGE03']));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('keeps the conversation it was filed in when the same request is recorded again (a replayed filing)', async () => {
    await watch('CR20261202KEEP01');
    await stores[1].watch({ requestId: 'CR20261202KEEP01', channel: 'directline', reference: { channelId: 'directline' }, locale: 'en', script: 'simplified' });
    expect(await stores[0].get('CR20261202KEEP01')).toMatchObject({ channel: 'msteams', locale: 'zh-CN', script: 'traditional', lastStatus: 'pending_email_confirmation' });
  });
});
