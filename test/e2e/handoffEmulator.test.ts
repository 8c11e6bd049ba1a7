import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AgentClient } from '../support/agentApi';
import { startEmulatorConnector } from '../support/emulatorConnector';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * The relay on a Bot Framework channel (the Emulator, no app id): the agent's messages reach the
 * person as proactive messages on the stored conversation reference, not as replies to a turn.
 */
let app: TestServer;
let connector: Awaited<ReturnType<typeof startEmulatorConnector>>;

beforeAll(async () => {
  app = await startTestServer();
  connector = await startEmulatorConnector();
});

afterAll(async () => {
  await connector?.close();
  await app?.close();
});

it('relays an agent’s messages to an Emulator conversation and keeps the bot silent while held', async () => {
  const conversationId = `${randomUUID()}|livechat`;
  const user = { id: randomUUID(), name: 'User', role: 'user' };
  const bot = { id: randomUUID(), name: 'Bot', role: 'bot' };
  const say = async (text: string) => {
    const before = connector.received.length;
    const res = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text, id: randomUUID(), channelId: 'emulator', serviceUrl: connector.serviceUrl, conversation: { id: conversationId }, from: user, recipient: bot, locale: 'en-US' }),
    });
    expect(res.status).toBeLessThan(300);
    return connector.received.slice(before).filter((r) => r.conversationId === conversationId && r.activity.type === 'message');
  };

  expect((await say('talk to an agent')).map((r) => r.activity.text).join('\n')).toMatch(/human agent/);
  const agent = new AgentClient(app.url);
  expect(await agent.login('demo', 'demo')).toBe(200);
  const item = await agent.waitForCase((c) => c.channel === 'emulator');
  expect((await agent.call('POST', `/conversations/${item.id}/claim`)).status).toBe(200);
  expect((await agent.call('POST', `/conversations/${item.id}/messages`, { text: 'Hi, I am here to help.' })).status).toBe(201);
  const proactive = connector.received.filter((r) => r.conversationId === conversationId && r.activity.text === 'Hi, I am here to help.');
  expect(proactive).toHaveLength(1);
  expect(proactive[0]!.replyToId).toBeUndefined();
  expect(proactive[0]!.activity.recipient?.id).toBe(user.id);

  expect(await say('my account is frozen, can you unfreeze it?')).toHaveLength(0);
  expect((await agent.call('POST', `/conversations/${item.id}/release`)).status).toBe(200);
  expect((await say('does closing affect my credit score?')).length).toBeGreaterThan(0);
});
