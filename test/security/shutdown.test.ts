import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directLineChannel } from '../../src/channels/directline';
import { startServer, type RunningServer } from '../../src/server';
import { fetchDemoAccounts } from '../support/sandboxServer';
import { createTestRuntime } from '../support/testRuntime';
import { DirectLineRestChat } from './clients';

/** SIGTERM's drain: stop accepting, finish what is in flight, answer nothing that was refused. */
let runtime: Awaited<ReturnType<typeof createTestRuntime>>;
let server: RunningServer;

beforeAll(async () => {
  runtime = await createTestRuntime();
  server = await startServer(runtime, 0);
});

afterAll(async () => {
  await runtime.close();
});

describe('graceful shutdown', () => {
  it('finishes a turn in flight, refuses new messages, and never answers a refused one', async () => {
    const account = (await fetchDemoAccounts(server.url)).find((a) => a.scenario === 'closable')!;
    const chat = new DirectLineRestChat(server.url);
    await chat.start();
    await chat.say('我要注销账户');
    await chat.tap('继续');
    // The wallet is slow to text the code: the turn is still running when the shutdown starts.
    runtime.sandbox!.faults.inject({ operation: 'createChallenge', kind: 'hang', hangMs: 1500 });
    const inFlight = fetch(`${server.url}/v3/directline/conversations/${chat.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${chat.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: account.phone, locale: 'zh-CN' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const closing = server.close();
    await new Promise((resolve) => setTimeout(resolve, 100));

    const refused = await fetch(`${server.url}/v3/directline/conversations/${chat.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${chat.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'sent while draining' }),
    }).catch(() => undefined);
    if (refused) expect(refused.status).toBe(503);

    expect((await inFlight).status).toBe(200);
    await closing;
    const kept = await directLineChannel(runtime).store.listAfter(chat.conversationId, 0);
    expect(kept.some((k) => String(k.activity['text']).includes('验证码已发送到'))).toBe(true);
    expect(kept.some((k) => k.activity['text'] === 'sent while draining')).toBe(false);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
