import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AgentAccounts } from '../../src/handoff/agentAccounts';
import { AgentSessions } from '../../src/handoff/agentSessions';
import { HandoffStore, type NewCase } from '../../src/handoff/handoffStore';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database';
import { openFreshPostgres } from '../support/freshPostgres';

const postgresUrl = process.env['DATABASE_URL'];
if (!postgresUrl) console.warn('PostgreSQL hand-off store tests skipped: DATABASE_URL is not set (.ci/run sets it).');

const backends: [string, () => Promise<DatabaseHandle>][] = [
  ['SQLite', () => openDatabase({ sqliteFile: ':memory:' })],
  ...(postgresUrl ? ([['PostgreSQL', () => openFreshPostgres(postgresUrl)]] as [string, () => Promise<DatabaseHandle>][]) : []),
];

function newCase(conversation: string, urgent = false): NewCase {
  return {
    conversationKey: `directline/${conversation}`,
    channel: 'directline',
    reference: { channelId: 'directline', conversation: { id: conversation, isGroup: false, conversationType: 'personal', name: '' } },
    locale: 'en',
    reason: urgent ? 'money_at_risk' : 'asked',
    urgent,
    outsideHours: false,
    summary: { language: 'en', reason: urgent ? 'money_at_risk' : 'asked', urgent, intentsSeen: [], topicsAnswered: [], verified: false, missesInARow: 0 },
  };
}

describe.each(backends)('the hand-off store on %s', (_name, open) => {
  let handle: DatabaseHandle;
  let clock = Date.parse('2026-12-01T10:00:00Z');
  const now = () => clock;
  let store: HandoffStore;

  beforeAll(async () => {
    handle = await open();
    store = new HandoffStore(handle.db, now, handle.sqlite);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('orders the queue urgent first, then by waiting time, and lets exactly one of two racing claims win', async () => {
    const early = (await store.create(newCase('a')))!;
    clock += 1000;
    const late = (await store.create(newCase('b')))!;
    clock += 1000;
    const urgent = (await store.create(newCase('c', true)))!;
    expect((await store.queue()).map((c) => c.id)).toEqual([urgent.id, early.id, late.id]);

    const results = await Promise.all([
      store.transition(early.id, ['waiting'], 'claimed', { claimedBy: 'ann' }),
      store.transition(early.id, ['waiting'], 'claimed', { claimedBy: 'bo' }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store.get(early.id))?.claimedBy).toBe(results[0] ? 'ann' : 'bo');
    expect(await store.openFor('directline/a')).toMatchObject({ status: 'claimed' });
  });

  it('keeps one open case per conversation, even when two requests race, and a new one once it is closed', async () => {
    const both = await Promise.all([store.create(newCase('twice')), store.create(newCase('twice'))]);
    expect(both.filter(Boolean)).toHaveLength(1);
    const open = both.find(Boolean)!;
    expect(await store.transition(open.id, ['waiting'], 'closed', { note: '' })).toBe(true);
    expect(await store.create(newCase('twice'))).toBeDefined();
  });

  it('keeps transcript lines in order and the newest 200 of a long conversation', async () => {
    const line = (i: number) => ({ sender: i % 2 ? ('bot' as const) : ('user' as const), text: `line ${i}`, at: new Date(clock).toISOString() });
    // A turn keeps its lines in one append: one, two or three at a time here.
    for (let i = 0; i < 230; ) {
      const count = Math.min(1 + (i % 3), 230 - i);
      await store.appendLines('directline/long', Array.from({ length: count }, (_, k) => line(i + k)));
      i += count;
    }
    const lines = await store.transcript('directline/long');
    expect(lines).toHaveLength(200);
    expect(lines.at(-1)?.text).toBe('line 229');
    expect(lines[0]?.text).toBe('line 30');
  });

  it('has every line appended in the database once flushed (a clean shutdown), and within a moment without that', async () => {
    const line = (text: string) => ({ sender: 'user' as const, text, at: new Date(clock).toISOString() });
    const kept = async (key: string) =>
      (await handle.db.selectFrom('handoff_transcript').select('text').where('conversation_key', '=', key).orderBy('seq').execute()).map((r) => r.text);

    await store.appendLines('directline/flushed', [line('one'), line('two')]);
    await store.flush();
    expect(await kept('directline/flushed')).toEqual(['one', 'two']);

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await store.appendLines('directline/later', [line('three')]);
      vi.advanceTimersByTime(1000);
    } finally {
      vi.useRealTimers();
    }
    expect(await kept('directline/later')).toEqual(['three']);
  });

  it('takes one rating per case, kept for its agent', async () => {
    const rated = (await store.create(newCase('r')))!;
    expect(await store.rate(rated.id, 'ann', true)).toBe(true);
    expect(await store.rate(rated.id, 'ann', false)).toBe(false);
    expect(await store.ratingsByAgent()).toEqual([{ agent: 'ann', helpful: 1, notHelpful: 0 }]);
  });

  it('accepts an agent session until it expires, and never stores the token', async () => {
    const sessions = new AgentSessions(handle.db, 60_000, now);
    const accounts = await AgentAccounts.load(undefined, false);
    const account = (await accounts.verify('demo', 'demo'))!;
    const { token } = await sessions.open(account);
    expect((await sessions.find(token))?.username).toBe('demo');
    const rows = await handle.db.selectFrom('agent_session').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    clock += 60_001;
    expect(await sessions.find(token)).toBeUndefined();
  });
});
