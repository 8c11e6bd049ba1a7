import crypto from 'node:crypto';
import { WeChatSim } from '../../src/channels/wechat/sim/wechatSim';
import type { BotRuntime } from '../../src/bot/runtime';
import { startServer } from '../../src/server';
import { startTestServer, type TestServer } from '../support/testServer';
import { createTestRuntime } from '../support/testRuntime';

export const WECHAT_TEST_SETTINGS = {
  token: 'harnessToken42',
  appId: 'wx1234567890abcdef',
  appSecret: 'harness-app-secret',
  encodingAesKey: 'Q29udGV4dEtleUZvclRoZVdlQ2hhdFN0YW5kSW5Ub28',
};

export interface WeChatTestBed {
  app: TestServer;
  sim: WeChatSim;
  /** The bot's WECHAT_* environment (its own app id, so beds sharing Redis never share a token). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The real server with WeChat on, its API pointed at the WeChat stand-in, both on free loopback
 * ports; with REDIS_URL set, the token and rate limit go through Redis as in a deployment.
 */
export async function startWeChatTestBed(extraEnv: Record<string, string> = {}): Promise<WeChatTestBed> {
  const appId = `wx${crypto.randomBytes(8).toString('hex')}`;
  const sim = new WeChatSim({ botUrl: 'http://127.0.0.1:1/wechat', ...WECHAT_TEST_SETTINGS, appId });
  const served = await sim.listen(0);
  const redisUrl = process.env['REDIS_URL'];
  const env = {
    WECHAT_TOKEN: WECHAT_TEST_SETTINGS.token,
    WECHAT_APP_ID: appId,
    WECHAT_APP_SECRET: WECHAT_TEST_SETTINGS.appSecret,
    WECHAT_ENCODING_AES_KEY: WECHAT_TEST_SETTINGS.encodingAesKey,
    WECHAT_API_BASE_URL: served.url,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...extraEnv,
  };
  const app = await startTestServer(env);
  sim.options.botUrl = `${app.url}/wechat`;
  return {
    app,
    sim,
    env,
    close: async () => {
      await app.close();
      await served.close();
    },
  };
}

/** A second instance of the bot on the same data directory (the same database) and the same stand-in. */
export async function startSecondInstance(bed: WeChatTestBed): Promise<{ url: string; runtime: BotRuntime; close(): Promise<void> }> {
  const runtime = await createTestRuntime({ dataDir: bed.app.runtime.dataDir, env: bed.env });
  const server = await startServer(runtime, 0, '127.0.0.1');
  return {
    url: server.url,
    runtime,
    close: async () => {
      await server.close();
      await runtime.close();
    },
  };
}
