import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/handoff/passwordHash';
import { AgentClient, directLineUser, isBotMessage, replyTo, type QueueItem } from '../support/agentApi';
import { post, tapActivity } from '../support/directLineNode';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * The hand-off end to end: a person on DirectLineJS asks for a person, agents work the case through
 * the agent API (as any agent desk would), and the person sees everything on their own channel.
 */
let app: TestServer;

beforeAll(async () => {
  const [alice, bob] = await Promise.all([hashPassword('alice-secret-1'), hashPassword('bob-secret-2')]);
  app = await startTestServer({ AGENT_ACCOUNTS: `alice:agent+lead:${alice}; bob:agent:${bob}` });
});

afterAll(async () => {
  await app?.close();
});

async function agent(name: 'alice' | 'bob'): Promise<AgentClient> {
  const client = new AgentClient(app.url);
  expect(await client.login(name, name === 'alice' ? 'alice-secret-1' : 'bob-secret-2')).toBe(200);
  return client;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each([
  { locale: 'zh-CN', ask: '我要找人工客服', agentSays: '您好，我是客服小王，请问有什么可以帮您？', userSays: '我的手机号是 13912345678，刚收到验证码 ４８２９１３', question: '注销以后还能恢复吗' },
  { locale: 'en', ask: 'can I speak with a real human please', agentSays: 'Hello, this is Alice from support. How can I help?', userSays: 'my number is 13912345678 and the code I got is 482913', question: 'can I get my account back after closing it?' },
])('hand-off round trip in $locale', ({ locale, ask, agentSays, userSays, question }) => {
  it('queues, relays both ways while the bot stays silent, refuses a second claim, hands back and the bot answers again', async () => {
    const user = await directLineUser(app.url, locale);
    const alice = await agent('alice');
    const bob = await agent('bob');

    const asked = await post(user.directLine, { type: 'message', from: { id: 'u' }, text: ask, locale });
    const queued = await user.received.until((all) => all.some((a) => isBotMessage(a) && replyTo(a) === asked && (a.suggestedActions?.actions.length ?? 0) > 0));
    const told = queued.filter(isBotMessage).find((a) => replyTo(a) === asked && a.suggestedActions)!;
    expect(/[\u4e00-\u9fff]/.test(told.text ?? '')).toBe(locale === 'zh-CN');
    expect(told.text).toMatch(/1/);

    const item = await alice.waitForCase((c) => c.channel === 'directline' && c.status === 'waiting' && c.locale === locale);
    expect(item).toMatchObject({ reason: 'asked', urgent: false, claimedBy: null });

    expect((await alice.call('POST', `/conversations/${item.id}/claim`)).status).toBe(200);
    const second = await bob.call<{ error: { message: string } }>('POST', `/conversations/${item.id}/claim`);
    expect(second.status).toBe(409);
    expect(second.body.error.message).toMatch(/alice/);
    expect((await bob.call('POST', `/conversations/${item.id}/messages`, { text: 'not mine' })).status).toBe(409);
    await user.received.until((all) => all.some((a) => isBotMessage(a) && /alice/.test(a.text ?? '')));

    expect((await alice.call('POST', `/conversations/${item.id}/typing`)).status).toBe(204);
    await user.received.until((all) => all.some((a) => a.type === 'typing'));
    expect((await alice.call('POST', `/conversations/${item.id}/messages`, { text: agentSays })).status).toBe(201);
    await user.received.until((all) => all.some((a) => a.type === 'message' && a.text === agentSays));

    // The person writes while the agent holds the conversation: it reaches the agent, masked; the bot says nothing.
    const said = await post(user.directLine, { type: 'message', from: { id: 'u' }, text: userSays, locale });
    const deadline = Date.now() + 10_000;
    let seen = '';
    while (Date.now() < deadline && !seen.includes('482')) {
      const { body } = await alice.call<{ transcript: { sender: string; text: string }[] }>('GET', `/conversations/${item.id}`);
      const lines = body.transcript.filter((l) => l.sender === 'user');
      seen = lines.at(-1)?.text ?? '';
      if (lines.length >= 2) break;
      await sleep(50);
    }
    const conversation = await alice.call<{ transcript: { sender: string; text: string }[]; summary: { language: string; reason: string } }>('GET', `/conversations/${item.id}`);
    const shown = JSON.stringify(conversation.body);
    expect(conversation.body.transcript.some((l) => l.sender === 'user' && l.text.includes('139'))).toBe(true);
    expect(shown).not.toContain('13912345678');
    expect(shown).not.toContain('482913');
    expect(shown).not.toContain('４８２９１３');
    expect(conversation.body.transcript.some((l) => l.sender === 'agent' && l.text === agentSays)).toBe(true);
    expect(conversation.body.summary).toMatchObject({ language: locale, reason: 'asked' });
    await sleep(800);
    expect(user.received.seen.some((a) => isBotMessage(a) && replyTo(a) === said)).toBe(false);

    expect((await alice.call('POST', `/conversations/${item.id}/release`)).status).toBe(200);
    const back = await user.received.until((all) => all.some((a) => isBotMessage(a) && (a.suggestedActions?.actions.length ?? 0) === 2 && a.text !== told.text));
    const rating = back.filter(isBotMessage).filter((a) => a.suggestedActions?.actions.length === 2).at(-1)!;
    const tapped = await post(user.directLine, tapActivity(rating.suggestedActions!.actions[0]!, locale));
    await user.received.until((all) => all.some((a) => isBotMessage(a) && replyTo(a) === tapped));

    const again = await post(user.directLine, { type: 'message', from: { id: 'u' }, text: question, locale });
    const answered = await user.received.until((all) => all.some((a) => isBotMessage(a) && replyTo(a) === again));
    const answer = answered.filter(isBotMessage).find((a) => replyTo(a) === again)!;
    expect((answer.channelData as { sources?: { id: string }[] }).sources?.[0]?.id).toBe('recovery-after-closure');

    const ratings = await alice.call<{ agent: string; helpful: number }[]>('GET', '/ratings');
    expect(ratings.body.find((r) => r.agent === 'alice')?.helpful).toBeGreaterThanOrEqual(1);
    expect((await bob.call('GET', '/ratings')).status).toBe(403);
    expect((await alice.queue()).some((c) => c.id === item.id)).toBe(false);
    user.received.stop();
    user.directLine.end();
  });
});

describe('the queue', () => {
  it('puts an urgent case first even when it arrived last, and a person can cancel their request', async () => {
    const alice = await agent('alice');
    const first = await directLineUser(app.url, 'en');
    const firstAsked = await post(first.directLine, { type: 'message', from: { id: 'u' }, text: 'talk to an agent', locale: 'en' });
    const firstTold = await first.received.until((all) => all.some((a) => isBotMessage(a) && replyTo(a) === firstAsked && !!a.suggestedActions));
    await alice.waitForCase((c) => c.status === 'waiting');

    // An urgent trigger (money at risk) from the conversation flows: the hand-off dialog with urgent set.
    const urgent = await directLineUser(app.url, 'zh-CN');
    const reference = { channelId: 'directline', conversation: { id: urgent.conversationId, isGroup: false, conversationType: 'personal', name: '' } };
    await app.runtime.handoff.request(reference, { locale: 'zh-CN', reason: 'money_at_risk', urgent: true }, {
      language: 'zh-CN', reason: 'money_at_risk', urgent: true, intentsSeen: [], topicsAnswered: [], verified: false, missesInARow: 0,
    });
    const queue = (await alice.queue()).filter((c) => c.status === 'waiting');
    expect(queue[0]).toMatchObject({ urgent: true, reason: 'money_at_risk', locale: 'zh-CN' });
    expect(Date.parse(queue[0]!.waitingSince)).toBeGreaterThanOrEqual(Date.parse(queue.at(-1)!.waitingSince));

    const cancel = firstTold.filter(isBotMessage).find((a) => replyTo(a) === firstAsked)!.suggestedActions!.actions[0]!;
    const before = (await alice.queue()).length;
    const tapped = await post(first.directLine, tapActivity(cancel, 'en'));
    await first.received.until((all) => all.some((a) => isBotMessage(a) && replyTo(a) === tapped));
    expect((await alice.queue()).length).toBe(before - 1);
    for (const item of (await alice.queue()) as QueueItem[]) await alice.call('POST', `/conversations/${item.id}/close`, { note: 'test cleanup' });
    for (const u of [first, urgent]) {
      u.received.stop();
      u.directLine.end();
    }
  });
});

describe('a channel the relay cannot reach', () => {
  it('still lets the agent claim, and says plainly when a message could not be delivered', async () => {
    const alice = await agent('alice');
    const reference = { channelId: 'carrier-pigeon', conversation: { id: 'coop-1', isGroup: false, conversationType: 'personal', name: '' } };
    const { handoffCase } = await app.runtime.handoff.request(reference, { locale: 'en', reason: 'asked' }, {
      language: 'en', reason: 'asked', urgent: false, intentsSeen: [], topicsAnswered: [], verified: false, missesInARow: 0,
    });
    expect((await alice.call('POST', `/conversations/${handoffCase.id}/claim`)).status).toBe(200);
    const sent = await alice.call<{ error: { message: string } }>('POST', `/conversations/${handoffCase.id}/messages`, { text: 'hello?' });
    expect(sent.status).toBe(502);
    expect(sent.body.error.message).toContain('carrier-pigeon');
    expect((await alice.call('POST', `/conversations/${handoffCase.id}/close`, { note: 'unreachable' })).status).toBe(200);
  });
});

it('counts requests by reason and channel, and agent actions, in /metrics', async () => {
  const metrics = await (await fetch(`${app.url}/metrics`)).text();
  expect(metrics).toMatch(/handoff_requests_total\{reason="asked",channel="directline",urgent="false"\} [1-9]/);
  expect(metrics).toMatch(/handoff_agent_actions_total\{action="claim"\} [1-9]/);
});

describe('signing in', () => {
  it('refuses the queue, transcripts and actions without a valid session', async () => {
    const anonymous = new AgentClient(app.url);
    for (const [method, path] of [
      ['GET', '/queue'],
      ['GET', '/conversations/00000000-0000-4000-8000-000000000000'],
      ['POST', '/conversations/00000000-0000-4000-8000-000000000000/claim'],
      ['POST', '/conversations/00000000-0000-4000-8000-000000000000/messages'],
      ['GET', '/events'],
      ['GET', '/ratings'],
    ] as const) {
      expect((await anonymous.call(method, path)).status, `${method} ${path}`).toBe(401);
    }
    const forged = await fetch(`${app.url}/agent/api/queue`, { headers: { Authorization: 'Bearer aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' } });
    expect(forged.status).toBe(401);
    expect(await anonymous.login('alice', 'wrong password')).toBe(401);
    expect(await anonymous.login('demo', 'demo')).toBe(401);
    const bad = await fetch(`${app.url}/agent/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"username":1}' });
    expect(bad.status).toBe(400);
  });
});

describe('outside the agents’ hours', () => {
  let closed: TestServer;

  beforeAll(async () => {
    // A half-hour window twelve hours from now, in UTC: nobody is on duty during the test.
    const hour = String((new Date().getUTCHours() + 12) % 24).padStart(2, '0');
    closed = await startTestServer({ HANDOFF_HOURS: `Mon-Sun ${hour}:00-${hour}:30`, HANDOFF_TIMEZONE: 'UTC' });
  });

  afterAll(async () => {
    await closed?.close();
  });

  it('tells the person the request waits, and an agent answers it later on the same channel', async () => {
    const user = await directLineUser(closed.url, 'en');
    const asked = await post(user.directLine, { type: 'message', from: { id: 'u' }, text: 'I need a human to look at this', locale: 'en' });
    const all = await user.received.until((seen) => seen.some((a) => isBotMessage(a) && replyTo(a) === asked && !!a.suggestedActions));
    const told = all.filter(isBotMessage).find((a) => replyTo(a) === asked)!;
    expect(told.text).toMatch(/no human agent is on duty/i);
    expect(told.text).toMatch(/\d{2}:00-\d{2}:30/);

    // Later, an agent signs in and finds it waiting.
    const demo = new AgentClient(closed.url);
    expect(await demo.login('demo', 'demo')).toBe(200);
    const item = await demo.waitForCase((c) => c.status === 'waiting');
    expect(item.outsideHours).toBe(true);
    expect((await demo.call('POST', `/conversations/${item.id}/claim`)).status).toBe(200);
    const answer = 'Good morning, I saw your message from last night. Let me help.';
    expect((await demo.call('POST', `/conversations/${item.id}/messages`, { text: answer })).status).toBe(201);
    await user.received.until((seen) => seen.some((a) => a.type === 'message' && a.text === answer));
    user.received.stop();
    user.directLine.end();
  });
});
