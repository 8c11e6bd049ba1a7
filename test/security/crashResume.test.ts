import { afterAll, describe, expect, it } from 'vitest';
import { directLineChannel } from '../../src/channels/directline';
import { startServer } from '../../src/server';
import { verifyForClosureZh } from '../support/closureScript';
import { fetchDemoAccounts } from '../support/sandboxServer';
import { createTestRuntime, tempDataDir } from '../support/testRuntime';
import { DirectLineRestChat } from './clients';

/** A turn cut by a crash after "agree" is answered when the bot comes back, without another tap. */
const data = tempDataDir();

afterAll(() => {
  data.remove();
});

describe('crash after "agree"', () => {
  it('answers the filing on restart, once', async () => {
    const first = await createTestRuntime({ dataDir: data.dir });
    const firstServer = await startServer(first, 0, '127.0.0.1', { drainMs: 100 });
    const account = (await fetchDemoAccounts(firstServer.url)).find((a) => a.scenario === 'closable')!;
    const chat = new DirectLineRestChat(firstServer.url);
    await chat.start();
    await verifyForClosureZh(chat, account, firstServer.url);

    // The wallet files, then the process "dies" before the bot can say so: the answer never comes back.
    first.sandbox!.faults.inject({ operation: 'fileClosureRequest', kind: 'hang-after-commit', hangMs: 60_000 });
    const agree = chat.tapFields('同意并提交');
    const aborted = new AbortController();
    const tap = fetch(`${firstServer.url}/v3/directline/conversations/${chat.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${chat.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', locale: 'zh-CN', ...agree }),
      signal: aborted.signal,
    }).catch(() => undefined);
    await expect.poll(() => first.sandbox!.store.countClosureRequests(account.accountId)).toBe(1);
    aborted.abort();
    await tap;
    // The "crash": this process stops serving and its database and wallet go away mid-turn.
    await firstServer.close();
    await first.close();

    // A new process on the same data: the cut turn is resumed at start-up.
    const second = await createTestRuntime({ dataDir: data.dir });
    const secondServer = await startServer(second, 0);
    try {
      const store = directLineChannel(second).store;
      await expect
        // The filed reply is a card on Web Chat's channel: its request id is among the card's facts.
        .poll(async () => (await store.listAfter(chat.conversationId, 0)).filter((s) => JSON.stringify(s.activity['attachments'] ?? []).includes('"申请编号"')).length, {
          timeout: 5_000,
        })
        .toBeGreaterThanOrEqual(1);
      expect(second.sandbox!.store.countClosureRequests(account.accountId)).toBe(1);
    } finally {
      await secondServer.close();
      await second.close();
    }
  });
});
