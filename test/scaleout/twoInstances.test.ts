import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskPhone } from '../../src/observability/logger';
import type { DatabaseHandle } from '../../src/storage/database';
import { AgentClient } from '../support/agentApi';
import { verifyForClosureZh, type ClosureChat } from '../support/closureScript';
import { fetchDemoAccounts, fetchLatestCode, fetchOutbox, type DemoAccountJson } from '../support/sandboxServer';
import { openFreshPostgres } from '../support/freshPostgres';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy';
import { tempDataDir } from '../support/testRuntime';
import { DirectLineRestChat, EmulatorChat, emulatorActivity, postToBot, startConnector } from '../security/clients';
import { upgradeStatus } from '../support/directLineNode';
import {
  freePort,
  isBotText,
  openStream,
  sharedSecrets,
  startBotProcess,
  startRedisServer,
  startSandboxProcess,
  streamUrlAt,
  type ServerProcess,
} from './processes';

/**
 * Two real bot processes behind an imaginary load balancer: one PostgreSQL schema (behind a TCP
 * relay the test can cut), one Redis (a redis-server of this test's own, which it may stop: never
 * the machine's), one sandbox wallet process (each bot's in-process sandbox would be a wallet of its
 * own). They act as one; when Redis or PostgreSQL goes away for a moment they keep answering or
 * apologise honestly, say so once in their logs, and come back by themselves losing nothing.
 */
const databaseUrl = process.env['DATABASE_URL'];
const enabled = Boolean(databaseUrl && process.env['REDIS_URL']);
if (!enabled) console.warn('two-instance and fault tests skipped: they need DATABASE_URL and REDIS_URL (.ci/run sets both).');

const data = tempDataDir();
let database: (DatabaseHandle & { schema: string }) | undefined;
let proxy: TcpProxy | undefined;
let redis: Awaited<ReturnType<typeof startRedisServer>> | undefined;
let redisPort = 0;
let sandbox: ServerProcess | undefined;
let a: ServerProcess;
let b: ServerProcess;
let accounts: DemoAccountJson[] = [];

beforeAll(async () => {
  if (!enabled) return;
  database = await openFreshPostgres(databaseUrl!);
  const target = new URL(databaseUrl!);
  proxy = await startTcpProxy(Number(target.port || 5432));
  target.host = `127.0.0.1:${proxy.port}`;
  redisPort = await freePort();
  redis = await startRedisServer(redisPort);
  sandbox = await startSandboxProcess(`${data.dir}/wallet`);
  const env = {
    DATABASE_URL: target.toString(),
    DATABASE_SCHEMA: database.schema,
    REDIS_URL: redis.url,
    WALLET_API_URL: `${sandbox.url}/sandbox/wallet`,
    ...sharedSecrets(),
  };
  [a, b] = await Promise.all([startBotProcess({ ...env, DATA_DIR: `${data.dir}/a` }), startBotProcess({ ...env, DATA_DIR: `${data.dir}/b` })]);
  accounts = (await fetchDemoAccounts(sandbox.url)).filter((account) => account.scenario === 'closable');
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await Promise.all([sandbox?.stop(), redis?.kill(), proxy?.close()]);
  await database?.close();
  data.remove();
});

/** A conversation whose every message goes to the next instance in turn, as a round-robin balancer sends it. */
function roundRobin(chat: DirectLineRestChat, urls: () => string[]): ClosureChat {
  let next = 0;
  const via = () => {
    const all = urls();
    chat.botUrl = all[next++ % all.length]!;
  };
  return {
    say: (text) => (via(), chat.say(text)),
    tap: (title) => (via(), chat.tap(title)),
  };
}

/** Reads an agent's event stream until `done` holds for what was read, or `ms` passed (then what was read). */
async function readUntil(reader: ReadableStreamDefaultReader<string>, done: (text: string) => boolean, ms: number): Promise<string> {
  let text = '';
  const deadline = Date.now() + ms;
  while (!done(text)) {
    const left = deadline - Date.now();
    if (left <= 0) return text;
    const chunk = await Promise.race([reader.read(), new Promise<undefined>((resolve) => setTimeout(resolve, left))]);
    if (!chunk || chunk.done) return text;
    text += chunk.value;
  }
  return text;
}

const emailsTo = async (email: string) => (await fetchOutbox(sandbox!.url)).filter((e) => e.kind === 'email' && e.to === email);

const linesSaying = (server: ServerProcess, msg: string) => server.logs.filter((line) => line.includes(`"msg":"${msg}`)).length;

/** One unlabelled value from the instance's /metrics. */
async function metric(server: ServerProcess, name: string): Promise<string | undefined> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1];
}

/** POSTs a message of `chat`'s conversation to the instance at `url` (text, or a tap's fields). */
function postActivity(chat: DirectLineRestChat, url: string, fields: Record<string, unknown>): Promise<Response> {
  return fetch(`${url}/v3/directline/conversations/${chat.conversationId}/activities`, {
    method: 'POST',
    headers: { authorization: `Bearer ${chat.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', locale: 'zh-CN', ...fields }),
  });
}

const postMessage = (chat: DirectLineRestChat, url: string, text: string) => postActivity(chat, url, { text });

describe.runIf(enabled)('two instances on one PostgreSQL and one Redis', () => {
  it('runs a whole closure whose turns alternate between the instances, filing exactly one request', async () => {
    const account = accounts[0]!;
    const chat = new DirectLineRestChat(a.url);
    await chat.start();
    const alternating = roundRobin(chat, () => [b.url, a.url]);
    await verifyForClosureZh(alternating, account, sandbox!.url);
    const filed = await alternating.tap('同意并提交');
    expect(filed.text).toContain('注销申请已提交');
    expect(filed.text).toContain('申请编号');
    expect(await emailsTo(account.email)).toHaveLength(1);
  });

  it('takes "agree" tapped on both instances at once as one tap: one request, one confirmation', async () => {
    const account = accounts[1]!;
    const chat = new DirectLineRestChat(a.url);
    await chat.start();
    await verifyForClosureZh(roundRobin(chat, () => [a.url, b.url]), account, sandbox!.url);
    const agree = chat.tapFields('同意并提交');
    const answers = await Promise.all([postActivity(chat, a.url, agree), postActivity(chat, b.url, agree)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const confirmations = (await chat.activities()).filter((activity) => isBotText(activity, '注销申请已提交'));
    expect(confirmations).toHaveLength(1);
    expect(await emailsTo(account.email)).toHaveLength(1);
  });

  it('takes "agree" tapped through /api/messages on both instances at once as one tap', async () => {
    const account = accounts[3]!;
    const connector = await startConnector();
    try {
      const chat = new EmulatorChat(a.url, connector);
      let next = 0;
      const alternating: ClosureChat = {
        say: (text) => ((chat.botUrl = next++ % 2 ? a.url : b.url), chat.say(text)),
        tap: (title) => ((chat.botUrl = next++ % 2 ? a.url : b.url), chat.tap(title)),
      };
      await verifyForClosureZh(alternating, account, sandbox!.url);
      const agree = chat.tapFields('同意并提交');
      const answers = await Promise.all([a.url, b.url].map((url) => postToBot(url, emulatorActivity(chat.conversationId, connector.serviceUrl, agree))));
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      const confirmations = connector.received.filter((r) => r.activity.conversation?.id === chat.conversationId && (r.activity.text ?? '').includes('注销申请已提交'));
      expect(confirmations).toHaveLength(1);
      expect(await emailsTo(account.email)).toHaveLength(1);
    } finally {
      await connector.close();
    }
  });

  it('opens a stream URL once, whichever instance it is brought to', async () => {
    const chat = new DirectLineRestChat(a.url);
    await chat.start();
    const streamUrl = await streamUrlAt(a.url, chat.conversationId, chat.token);
    const stream = await openStream(streamUrl);
    try {
      const elsewhere = new URL(streamUrl);
      elsewhere.port = new URL(b.url).port;
      expect(await upgradeStatus(elsewhere.toString())).toBe(403);
    } finally {
      stream.close();
    }
  });

  it("puts a reply to a message posted through B on the person's stream on A within 1 s", async () => {
    const chat = new DirectLineRestChat(a.url);
    await chat.start();
    const stream = await openStream(await streamUrlAt(a.url, chat.conversationId, chat.token));
    try {
      const latencies: number[] = [];
      const questions = ['注销后还能恢复吗', '注销会影响征信吗', '注销要多久', 'can I get my account back after closing it?', 'how long does closing take?'];
      for (const [i, text] of questions.entries()) {
        const sent = performance.now();
        const posted = postActivity(chat, b.url, { text, locale: i < 3 ? 'zh-CN' : 'en' });
        const { id } = (await (await posted).json()) as { id: string };
        const answer = await stream.until((activity) => activity['replyToId'] === id && activity['type'] === 'message', 1000);
        latencies.push(answer.at - sent);
      }
      latencies.sort((x, y) => x - y);
      console.log(`fan-out: the reply reached the stream on the other instance ${latencies.map((ms) => ms.toFixed(0)).join(', ')} ms after the POST (median ${latencies[2]!.toFixed(0)} ms)`);
      expect(latencies.at(-1)).toBeLessThan(1000);
    } finally {
      stream.close();
    }
  });

  it('lets a person on A and an agent on B talk in real time', async () => {
    const chat = new DirectLineRestChat(a.url);
    await chat.start();
    const stream = await openStream(await streamUrlAt(a.url, chat.conversationId, chat.token));
    const agent = new AgentClient(b.url);
    expect(await agent.login('demo', 'demo')).toBe(200);
    const events = new AbortController();
    const reader = await agent.events(events.signal);
    try {
      await chat.say('我要找人工客服');
      const item = await agent.waitForCase((c) => c.channel === 'directline' && c.status === 'waiting', 5000);
      expect((await agent.call('POST', `/conversations/${item.id}/claim`)).status).toBe(200);

      const said = performance.now();
      expect((await agent.call('POST', `/conversations/${item.id}/messages`, { text: '您好，我是客服小王' })).status).toBe(201);
      const heard = await stream.until((activity) => activity['text'] === '您好，我是客服小王', 1000);
      console.log(`fan-out: an agent's message on B reached the person's stream on A in ${(heard.at - said).toFixed(0)} ms`);

      // The person answers through A: the agent's console on B hears of it at once, and reads it.
      const heardOf = readUntil(reader, (text) => text.includes('"type":"transcript"') && text.includes(item.id), 1000);
      chat.botUrl = a.url;
      await chat.say('我想问一下注销进度');
      expect(await heardOf).toContain('transcript');
      const { body } = await agent.call<{ transcript: { sender: string; text: string }[] }>('GET', `/conversations/${item.id}`);
      expect(body.transcript.some((line) => line.sender === 'user' && line.text === '我想问一下注销进度')).toBe(true);
    } finally {
      events.abort();
      stream.close();
    }
  });

  it('keeps answering while Redis is away, says so once, and shares again once it is back', async () => {
    const chat = new DirectLineRestChat(a.url);
    await chat.start();
    const stream = await openStream(await streamUrlAt(a.url, chat.conversationId, chat.token));
    try {
      await redis!.kill();
      await expect.poll(() => linesSaying(a, 'redis unreachable'), { timeout: 5000 }).toBe(1);

      // Alone: every message still answered, on both instances, and only the one log line.
      for (const url of [a.url, b.url, a.url, b.url, a.url, b.url]) {
        chat.botUrl = url;
        expect((await chat.say('注销后还能恢复吗')).text).toContain('无法直接恢复');
      }
      for (const server of [a, b]) {
        expect(linesSaying(server, 'redis unreachable')).toBe(1);
        // Nothing else complains about Redis per request meanwhile.
        expect(server.logs.filter((line) => /redis/i.test(line) && !line.includes('"level":30'))).toHaveLength(1);
      }

      expect(await metric(a, 'bot_redis_connected')).toBe('0');

      redis = await startRedisServer(redisPort);
      await expect.poll(() => linesSaying(a, 'redis connected') + linesSaying(b, 'redis connected'), { timeout: 10_000 }).toBe(4);
      expect(await metric(a, 'bot_redis_connected')).toBe('1');

      // Shared again: a reply made on B reaches the stream on A at once, not at the next database poll.
      const posted = await postMessage(chat, b.url, '注销会影响征信吗');
      const { id } = (await posted.json()) as { id: string };
      await stream.until((activity) => activity['replyToId'] === id && activity['type'] === 'message', 1000);
    } finally {
      stream.close();
    }
  });

  it('apologises honestly while PostgreSQL is unreachable, and carries on from where the person was once it is back', async () => {
    const account = accounts[4]!;
    const chat = new DirectLineRestChat(a.url);
    await chat.start();
    await chat.say('我要注销账户');
    await chat.tap('继续');
    expect((await chat.say(account.phone)).text).toContain(`验证码已发送到 ${maskPhone(account.phone)}`);
    const code = await fetchLatestCode(sandbox!.url, account.phone);
    const stream = await openStream(await streamUrlAt(a.url, chat.conversationId, chat.token));
    try {
      await proxy!.cut();
      const refused = await postMessage(chat, a.url, code);
      expect(refused.status).toBe(503);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/cannot reach its database/);
      const apology = await stream.until((activity) => isBotText(activity, '暂时连不上记录系统'), 2000);
      expect(String(apology.activity['text'])).toContain('进度都还保留着');

      await proxy!.restore();
      // Back by itself, and the person sends the code again: the dialog goes on from the code step.
      await expect.poll(async () => (await fetch(`${a.url}/v3/directline/conversations/${chat.conversationId}/activities`, { headers: { authorization: `Bearer ${chat.token}` } })).status, { timeout: 10_000 }).toBe(200);
      const turn = await chat.say(code);
      expect(turn.text).toContain('身份验证成功');
      expect(turn.buttons).toContain('同意并提交');
    } finally {
      stream.close();
    }
  });

  it('finishes dialogs on B after A is killed mid-dialog, after the code step and in the middle of filing, one request each', async () => {
    const [afterCode, midTurn] = [accounts[2]!, accounts[4]!];
    const chat = new DirectLineRestChat(a.url);
    await chat.start();
    await verifyForClosureZh(chat, afterCode, sandbox!.url);
    const cut = new DirectLineRestChat(a.url);
    await cut.start();
    await verifyForClosureZh(cut, midTurn, sandbox!.url);
    // The wallet files the second one and holds its answer: A dies with that turn, and its lock, in hand.
    await fetch(`${sandbox!.url}/sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'fileClosureRequest', kind: 'hang-after-commit', hangMs: 60_000 }),
    });
    const agree = cut.tapFields('同意并提交');
    void postActivity(cut, a.url, agree).catch(() => undefined);
    await expect.poll(async () => (await emailsTo(midTurn.email)).length, { timeout: 5000 }).toBe(1);
    await a.kill();

    chat.botUrl = b.url;
    const filed = await chat.tap('同意并提交');
    expect(filed.text).toContain('注销申请已提交');
    expect(await emailsTo(afterCode.email)).toHaveLength(1);

    // The person taps again on B: answered once the dead instance's lock expires, with the request already filed.
    cut.botUrl = b.url;
    await postActivity(cut, b.url, agree);
    await expect
      .poll(async () => (await cut.activities()).filter((activity) => isBotText(activity, '注销申请已提交')).length, { timeout: 15_000 })
      .toBe(1);
    expect(await emailsTo(midTurn.email)).toHaveLength(1);
  });
});
