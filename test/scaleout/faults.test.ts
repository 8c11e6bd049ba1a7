import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskPhone } from '../../src/observability/logger';
import type { DatabaseHandle } from '../../src/storage/database';
import { fetchDemoAccounts, fetchLatestCode, type DemoAccountJson } from '../support/sandboxServer';
import { openFreshPostgres } from '../support/freshPostgres';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy';
import { tempDataDir } from '../support/testRuntime';
import { DirectLineRestChat } from '../security/clients';
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
 * Two bot processes whose Redis (a redis-server of this test's own) and PostgreSQL (behind a TCP
 * relay the test can cut) go away for a moment: they keep answering or apologise honestly, say so
 * once in their logs, and come back by themselves without losing the person's progress.
 */
const databaseUrl = process.env['DATABASE_URL'];
const enabled = Boolean(databaseUrl && process.env['REDIS_URL']);
if (!enabled) console.warn('fault tests skipped: they need DATABASE_URL and REDIS_URL (.ci/run sets both).');

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
}, 60_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await Promise.all([sandbox?.stop(), redis?.kill(), proxy?.close()]);
  await database?.close();
  data.remove();
});

const linesSaying = (server: ServerProcess, msg: string) => server.logs.filter((line) => line.includes(`"msg":"${msg}`)).length;

async function postMessage(chat: DirectLineRestChat, url: string, text: string): Promise<Response> {
  return fetch(`${url}/v3/directline/conversations/${chat.conversationId}/activities`, {
    method: 'POST',
    headers: { authorization: `Bearer ${chat.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', text, locale: 'zh-CN' }),
  });
}

describe.runIf(enabled)('faults', () => {
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
      expect(linesSaying(a, 'redis unreachable')).toBe(1);
      expect(linesSaying(b, 'redis unreachable')).toBe(1);

      redis = await startRedisServer(redisPort);
      await expect.poll(() => linesSaying(a, 'redis connected') + linesSaying(b, 'redis connected'), { timeout: 10_000 }).toBe(4);

      // Shared again: a reply made on B reaches the stream on A at once, not at the next database poll.
      const posted = await postMessage(chat, b.url, '注销会影响征信吗');
      const { id } = (await posted.json()) as { id: string };
      await stream.until((activity) => activity['replyToId'] === id && activity['type'] === 'message', 1000);
    } finally {
      stream.close();
    }
  });

  it('apologises honestly while PostgreSQL is unreachable, and carries on from where the person was once it is back', async () => {
    const account = accounts[0]!;
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
});
