import { WeChatSim } from '../../src/channels/wechat/sim/wechatSim';
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
  close(): Promise<void>;
}

/** The real server with WeChat on, its API pointed at the WeChat stand-in, both on free loopback ports. */
export async function startWeChatTestBed(env: Record<string, string> = {}): Promise<WeChatTestBed> {
  const sim = new WeChatSim({ botUrl: 'http://127.0.0.1:1/wechat', ...WECHAT_TEST_SETTINGS });
  const served = await sim.listen(0);
  const app = await startTestServer({
    WECHAT_TOKEN: WECHAT_TEST_SETTINGS.token,
    WECHAT_APP_ID: WECHAT_TEST_SETTINGS.appId,
    WECHAT_APP_SECRET: WECHAT_TEST_SETTINGS.appSecret,
    WECHAT_ENCODING_AES_KEY: WECHAT_TEST_SETTINGS.encodingAesKey,
    WECHAT_API_BASE_URL: served.url,
    ...env,
  });
  sim.options.botUrl = `${app.url}/wechat`;
  bots.set(sim, served.url);
  return {
    app,
    sim,
    close: async () => {
      await app.close();
      await served.close();
    },
  };
}

const bots = new WeakMap<WeChatSim, string>();

/** A second instance of the bot on the same data directory (the same database) and the same stand-in. */
export async function startSecondInstance(bed: WeChatTestBed): Promise<{ url: string; close(): Promise<void> }> {
  const runtime = await createTestRuntime({
    dataDir: bed.app.runtime.dataDir,
    env: {
      WECHAT_TOKEN: WECHAT_TEST_SETTINGS.token,
      WECHAT_APP_ID: WECHAT_TEST_SETTINGS.appId,
      WECHAT_APP_SECRET: WECHAT_TEST_SETTINGS.appSecret,
      WECHAT_ENCODING_AES_KEY: WECHAT_TEST_SETTINGS.encodingAesKey,
      WECHAT_API_BASE_URL: bots.get(bed.sim)!,
    },
  });
  const server = await startServer(runtime, 0, '127.0.0.1');
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await runtime.close();
    },
  };
}
