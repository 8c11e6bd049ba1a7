import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMenu, menuAction } from '../../src/channels/wechat/menu';
import { spawnNpmScript, stopNpmScript } from '../support/npmScript';
import { startTestServer, type TestServer } from '../support/testServer';
import { tempDataDir } from '../support/testRuntime';
import { WECHAT_TEST_SETTINGS } from './wechatHarness';

/** `npm run wechat:sim` and `npm run wechat:menu` as a developer runs them, against the real server. */
const wechatEnv = {
  WECHAT_TOKEN: WECHAT_TEST_SETTINGS.token,
  WECHAT_APP_ID: WECHAT_TEST_SETTINGS.appId,
  WECHAT_APP_SECRET: WECHAT_TEST_SETTINGS.appSecret,
  WECHAT_ENCODING_AES_KEY: WECHAT_TEST_SETTINGS.encodingAesKey,
};
let app: TestServer;
let sim: ChildProcess;
let simUrl: string;

beforeAll(async () => {
  app = await startTestServer({ ...wechatEnv, WECHAT_API_BASE_URL: 'http://127.0.0.1:9' });
  sim = spawnNpmScript('wechat:sim', { ...wechatEnv, WECHAT_SIM_PORT: '0', WECHAT_SIM_BOT_URL: `${app.url}/wechat` }, ['ignore', 'pipe', 'pipe']);
  simUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    sim.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /WeChat stand-in at (http:\/\/\S+) /.exec(out)?.[1];
      if (url) resolve(url);
    });
    sim.once('exit', (code) => reject(new Error(`wechat:sim exited with ${code}: ${out}`)));
  });
}, 60_000);

afterAll(async () => {
  await stopNpmScript(sim);
  await app.close();
});

describe('npm run wechat:sim', () => {
  it('serves its page and pushes a follower message to the bot in safe mode', async () => {
    expect(await (await fetch(simUrl)).text()).toContain('WeChat stand-in');
    const res = await fetch(`${simUrl}/sim/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: 'o-script-user-1', mode: 'safe', text: '注销后还能恢复吗' }),
    });
    const answer = (await res.json()) as { kind: string; content?: string };
    expect(answer.kind).toBe('text');
    expect(answer.content).toContain(app.runtime.knowledge.get('recovery-after-closure', 'zh-CN')!.body.slice(0, 10));
  });
});

describe('npm run wechat:menu', () => {
  it('creates the menu from the repo file, every click key naming something the bot does', async () => {
    const menu = loadMenu();
    const keys = menu.button.flatMap((b) => ('sub_button' in b ? b.sub_button : [b])).flatMap((b) => (b.type === 'click' ? [b.key] : []));
    expect(keys.map((k) => menuAction(k)?.action)).not.toContain(undefined);
    for (const intent of ['closure.start', 'closure.status', 'handoff']) expect(keys).toContain(`intent:${intent}`);

    const data = tempDataDir();
    try {
      const cli = spawnNpmScript('wechat:menu', { ...wechatEnv, WECHAT_API_BASE_URL: simUrl, DATA_DIR: data.dir, DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'silent' }, ['ignore', 'pipe', 'pipe']);
      const code = await new Promise((resolve) => cli.once('exit', resolve));
      expect(code).toBe(0);
      expect(await (await fetch(`${simUrl}/sim/menu`)).json()).toEqual(menu);
    } finally {
      data.remove();
    }
  }, 30_000);
});
