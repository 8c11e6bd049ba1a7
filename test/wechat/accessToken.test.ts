import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessTokenCache, WeChatApiError } from '../../src/channels/wechat/accessToken';
import { WeChatSim } from '../../src/channels/wechat/sim/wechatSim';
import { WeChatApi } from '../../src/channels/wechat/wechatApi';
import { createLogger } from '../../src/observability/logger';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database';

/** The access token: fetched once for every instance, kept until shortly before it expires. */
const appId = `wxtoken${process.pid}`;
const sim = new WeChatSim({ botUrl: 'http://127.0.0.1:1/wechat', token: 'tokenTest1', appId, appSecret: 'secret-1' });
let served: Awaited<ReturnType<WeChatSim['listen']>>;
let database: DatabaseHandle;
const logger = createLogger('silent');

beforeAll(async () => {
  served = await sim.listen(0);
  database = await openDatabase({ sqliteFile: ':memory:' });
});

afterAll(async () => {
  await database.close();
  await served.close();
});

const cache = (options: { now?: () => number; appSecret?: string; redis?: Redis; appId?: string } = {}) =>
  new AccessTokenCache({ apiBaseUrl: served.url, appId: options.appId ?? appId, appSecret: options.appSecret ?? 'secret-1', db: database.db, logger, ...options });

describe('the WeChat access token', () => {
  it('is fetched once and shared through the database by every instance until shortly before it expires', async () => {
    let now = Date.now();
    const before = sim.tokenFetches;
    const [a, b] = [cache({ now: () => now }), cache({ now: () => now })];
    const [ta, tb] = await Promise.all([a.get(), a.get()]);
    expect(ta).toBe(tb);
    expect(await b.get()).toBe(ta);
    expect(sim.tokenFetches).toBe(before + 1);

    now += 7200_000 - 6 * 60_000;
    expect(await b.get()).toBe(ta);
    now += 2 * 60_000;
    const renewed = await b.get();
    expect(renewed).not.toBe(ta);
    expect(await a.get()).toBe(renewed);
    expect(sim.tokenFetches).toBe(before + 2);
  });

  it('is fetched again after WeChat refused it, once', async () => {
    const a = cache();
    const token = await a.get();
    const before = sim.tokenFetches;
    await a.invalidate(token);
    const fresh = await a.get();
    expect(fresh).not.toBe(token);
    expect(await cache().get()).toBe(fresh);
    expect(sim.tokenFetches).toBe(before + 1);
  });

  it('reports a wrong secret with its errcode', async () => {
    await expect(cache({ appId: `${appId}x`, appSecret: 'wrong' }).get()).rejects.toThrow(WeChatApiError);
  });

  it('is shared through Redis when REDIS_URL is set', async (ctx) => {
    const url = process.env['REDIS_URL'];
    if (!url) {
      console.warn('accessToken.test: REDIS_URL is not set; the Redis sharing test is skipped');
      ctx.skip();
      return;
    }
    const redis = new Redis(url);
    try {
      await database.db.deleteFrom('wechat_access_token').execute();
      const before = sim.tokenFetches;
      const token = await cache({ redis }).get();
      expect(await redis.get(`wechat:access-token:${appId}`)).toMatch(new RegExp(`^${token} \\d+$`));
      await database.db.deleteFrom('wechat_access_token').execute();
      expect(await cache({ redis }).get()).toBe(token);
      expect(sim.tokenFetches).toBe(before + 1);
      await redis.del(`wechat:access-token:${appId}`);
    } finally {
      redis.disconnect();
    }
  });
});

describe('WeChat API errors', () => {
  it('are logged with their errcode and never with the token', async () => {
    const lines: string[] = [];
    const capture = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const tokens = new AccessTokenCache({ apiBaseUrl: served.url, appId, appSecret: 'secret-1', db: database.db, logger: capture });
    const api = new WeChatApi(served.url, tokens, capture);
    await expect(api.sendText('o-log-user-1', '长'.repeat(1000))).rejects.toThrow(/45002/);
    const token = await tokens.get();
    expect(lines.some((l) => l.includes('"errcode":45002'))).toBe(true);
    expect(lines.filter((l) => l.includes(token))).toEqual([]);
  });
});
