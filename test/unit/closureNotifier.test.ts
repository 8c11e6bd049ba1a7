import type { Activity, ConversationReference } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Deliveries } from '../../src/channels/delivery';
import { ClosureNotifier } from '../../src/notices/closureNotifier';
import { ClosureWatchStore } from '../../src/notices/closureWatchStore';
import { createLogger } from '../../src/observability/logger';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database';

/** A channel whose connector is down until `up` is set, recording what reached it. */
function flakyChannel() {
  const channel = {
    up: false,
    received: [] as Partial<Activity>[],
    delivery: {
      channelId: 'msteams',
      send: async (_reference: Partial<ConversationReference>, activities: Partial<Activity>[]) => {
        if (!channel.up) throw new Error('connector unavailable');
        channel.received.push(...activities);
      },
    },
  };
  return channel;
}

describe('a notice whose delivery failed', () => {
  let handle: DatabaseHandle;
  let clock = Date.parse('2026-12-02T02:00:00Z');
  const now = () => clock;
  const channel = flakyChannel();
  /** Two instances on one database, delivering through the same channel. */
  const notifiers: ClosureNotifier[] = [];
  let store: ClosureWatchStore;

  beforeAll(async () => {
    handle = await openDatabase({ sqliteFile: ':memory:' });
    store = new ClosureWatchStore(handle.db, now);
    for (let i = 0; i < 2; i++) {
      const deliveries = new Deliveries();
      deliveries.register(channel.delivery);
      notifiers.push(new ClosureNotifier(new ClosureWatchStore(handle.db, now), deliveries, createLogger('silent')));
    }
  });
  afterAll(async () => {
    await handle.close();
  });

  it('is tried again by a later round, by one instance, and then never again', async () => {
    await store.watch({ requestId: 'CR20261202RETRY1', channel: 'msteams', reference: { channelId: 'msteams' }, locale: 'en', script: 'simplified' });
    expect(await notifiers[0]!.observe('CR20261202RETRY1', 'completed', 'webhook')).toBe('not-sent');
    expect(await store.notices('CR20261202RETRY1')).toEqual([{ status: 'completed', sent: false }]);

    // Too soon: the connector gets a minute.
    channel.up = true;
    await Promise.all(notifiers.map((n) => n.retryUnsent()));
    expect(channel.received).toHaveLength(0);

    clock += 61_000;
    await Promise.all(notifiers.map((n) => n.retryUnsent()));
    expect(channel.received).toHaveLength(1);
    expect(channel.received[0]!.summary).toContain('Your im Wallet account is now closed (request CR20261202RETRY1)');
    expect(await store.notices('CR20261202RETRY1')).toEqual([{ status: 'completed', sent: true }]);

    clock += 61_000;
    await Promise.all(notifiers.map((n) => n.retryUnsent()));
    expect(channel.received).toHaveLength(1);
  });

  it('is given up after five attempts in all', async () => {
    channel.up = false;
    channel.received.length = 0;
    await store.watch({ requestId: 'CR20261202RETRY2', channel: 'msteams', reference: { channelId: 'msteams' }, locale: 'en', script: 'simplified' });
    expect(await notifiers[0]!.observe('CR20261202RETRY2', 'rejected', 'poll')).toBe('not-sent');
    for (let round = 0; round < 4; round++) {
      clock += 61_000;
      await notifiers[round % 2]!.retryUnsent();
    }
    channel.up = true;
    clock += 61_000;
    await notifiers[0]!.retryUnsent();
    expect(channel.received).toHaveLength(0);
    expect(await store.notices('CR20261202RETRY2')).toEqual([{ status: 'rejected', sent: false }]);
  });
});
