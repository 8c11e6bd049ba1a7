import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WeChatCrypto } from '../../src/channels/wechat/crypto';
import { wechatSignature } from '../../src/channels/wechat/signature';
import { buildWeChatXml } from '../../src/channels/wechat/xml';
import { startWeChatTestBed, WECHAT_TEST_SETTINGS, type WeChatTestBed } from './wechatHarness';

/** Hostile and broken pushes: each is refused with a 4xx and a reason, the bot never runs, the server stays up. */
let bed: WeChatTestBed;

beforeAll(async () => {
  bed = await startWeChatTestBed();
});

afterAll(async () => {
  await bed.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

function signedQuery(extra: Record<string, string> = {}): URLSearchParams {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(Math.floor(Math.random() * 1e9));
  return new URLSearchParams({ signature: wechatSignature(WECHAT_TEST_SETTINGS.token, timestamp, nonce), timestamp, nonce, ...extra });
}

const textPush = (content: string, openid = 'o-hostile-user-01') =>
  buildWeChatXml({ ToUserName: 'gh_0123456789ab', FromUserName: openid, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: content, MsgId: String(Date.now()) });

async function post(query: URLSearchParams, body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${bed.app.url}/wechat?${query}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
  return { status: res.status, text: await res.text() };
}

/** Runs `send` and checks it was refused without the bot running or any message going out. */
async function expectRefused(send: () => Promise<{ status: number; text: string }>, status: number, reason: RegExp): Promise<void> {
  const run = vi.spyOn(bed.app.runtime.bot, 'run');
  const sentBefore = bed.sim.customerMessages.length;
  const answer = await send();
  expect(answer.status).toBe(status);
  expect(answer.text).toMatch(reason);
  expect(run).not.toHaveBeenCalled();
  expect(bed.sim.customerMessages.length).toBe(sentBefore);
  run.mockRestore();
}

describe('pushes WeChat did not sign', () => {
  it('are refused: no signature, a wrong one, a stale one, a wrong msg_signature in safe mode', async () => {
    await expectRefused(() => post(new URLSearchParams({ timestamp: '1', nonce: '1' }), textPush('你好')), 400, /signature/);
    const wrong = signedQuery();
    wrong.set('signature', wechatSignature('otherToken', wrong.get('timestamp')!, wrong.get('nonce')!));
    await expectRefused(() => post(wrong, textPush('你好')), 403, /does not match/);
    const staleTime = String(Math.floor(Date.now() / 1000) - 86_400);
    const stale = new URLSearchParams({ signature: wechatSignature(WECHAT_TEST_SETTINGS.token, staleTime, '1'), timestamp: staleTime, nonce: '1' });
    await expectRefused(() => post(stale, textPush('你好')), 403, /stale/);

    const { url, body } = bed.sim.signedPush({ openid: 'o-hostile-user-02', text: '你好', mode: 'safe' });
    const tampered = new URL(url);
    tampered.searchParams.set('msg_signature', '0'.repeat(40));
    await expectRefused(async () => {
      const res = await fetch(tampered, { method: 'POST', body });
      return { status: res.status, text: await res.text() };
    }, 403, /msg_signature/);
  });

  it('are refused when the decrypted message names another app id', async () => {
    const foreign = new WeChatCrypto(WECHAT_TEST_SETTINGS.encodingAesKey, 'wx0000000000000bad');
    const encrypt = foreign.encrypt(textPush('你好', 'o-hostile-user-03'));
    const query = signedQuery({ encrypt_type: 'aes' });
    query.set('msg_signature', wechatSignature(WECHAT_TEST_SETTINGS.token, query.get('timestamp')!, query.get('nonce')!, encrypt));
    await expectRefused(() => post(query, buildWeChatXml({ ToUserName: 'gh_0123456789ab', Encrypt: encrypt })), 400, /another app id/);
  });
});

describe('signed pushes with hostile or broken XML', () => {
  it('refuse malformed XML, another root, and fields that are not WeChat messages', async () => {
    await expectRefused(() => post(signedQuery(), '<xml><ToUserName>gh</ToUserName><Content>unclosed</xml>'), 400, /Malformed/);
    await expectRefused(() => post(signedQuery(), 'not xml at all'), 400, /Malformed|root/);
    await expectRefused(() => post(signedQuery(), '<root><MsgType>text</MsgType></root>'), 400, /<xml> root/);
    await expectRefused(() => post(signedQuery(), '<xml><MsgType>text</MsgType><Content>hi</Content></xml>'), 400, /Not a message WeChat sends/);
    const twice = textPush('你好').replace('</xml>', '<Content>again</Content></xml>');
    await expectRefused(() => post(signedQuery(), twice), 400, /Not a message WeChat sends/);
  });

  it('refuse external entities and entity expansion (billion laughs)', async () => {
    const external = `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${textPush('&xxe;')}`;
    await expectRefused(() => post(signedQuery(), external), 400, /DOCTYPE/);
    const laughs = [
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
      ']>',
      textPush('&lol9;'),
    ].join('');
    await expectRefused(() => post(signedQuery(), laughs), 400, /DOCTYPE/);
  });

  it('refuse a huge body before reading it all, and deep nesting', async () => {
    await expectRefused(() => post(signedQuery(), textPush('大'.repeat(40_000))), 413, /too large/);
    const deep = `<xml>${'<a>'.repeat(50)}x${'</a>'.repeat(50)}</xml>`;
    await expectRefused(() => post(signedQuery(), deep), 400, /Malformed|nest/i);
  });

  it('leave the service up: a good push right after is answered', async () => {
    const metrics = await (await fetch(`${bed.app.url}/metrics`)).text();
    expect(metrics).toMatch(/wechat_pushes_total\{outcome="refused_400"\} [1-9]/);
    const answer = await bed.sim.push({ openid: 'o-hostile-user-04', text: '注销后还能恢复吗' });
    expect(answer.kind).toBe('text');
    expect((await fetch(`${bed.app.url}/healthz`)).status).toBe(200);
  });
});

describe('other channels', () => {
  it('cannot address WeChat conversations through /api/messages', async () => {
    const res = await fetch(`${bed.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        channelId: 'wechat',
        serviceUrl: 'http://127.0.0.1:9',
        conversation: { id: 'o-hostile-user-04' },
        from: { id: 'o-hostile-user-04' },
        text: '我要注销账户',
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('/wechat only');
  });
});

describe('rate limits', () => {
  it('give WeChat its own per-address budget: its servers relay every follower from a few addresses', async () => {
    const tight = await startWeChatTestBed({ RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await fetch(`${tight.app.url}/wechat?${signedQuery({ echostr: `echo-${i}` })}`);
        statuses.push(res.status);
      }
      expect(statuses.every((s) => s === 200)).toBe(true);
      const others: number[] = [];
      for (let i = 0; i < 5; i++) others.push((await fetch(`${tight.app.url}/healthz-missing`)).status);
      expect(others).toContain(429);
    } finally {
      await tight.close();
    }
  });
});
