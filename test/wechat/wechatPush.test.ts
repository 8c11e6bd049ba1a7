import { ActivityTypes, type TurnContext } from 'botbuilder';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { wechatChannel } from '../../src/channels/wechat';
import { markdownToPlainText } from '../../src/channels/wechat/plainText';
import { wechatSignature } from '../../src/channels/wechat/signature';
import { splitForWeChat } from '../../src/channels/wechat/split';
import { startWeChatTestBed, WECHAT_TEST_SETTINGS, type WeChatTestBed } from './wechatHarness';

/** Real server, real bot, the WeChat stand-in pushing and receiving customer-service messages over HTTP. */
let bed: WeChatTestBed;
let users = 0;
const newUser = () => `o-test-${process.pid}-${++users}-user`;

beforeAll(async () => {
  bed = await startWeChatTestBed();
});

afterAll(async () => {
  await bed.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The knowledge answer the bot's own answer service picks, as WeChat shows it. */
function expectedAnswer(text: string, topicId: string): string {
  const result = bed.app.runtime.answers.answer(text);
  expect(result.topic?.id).toBe(topicId);
  return markdownToPlainText(result.answer!);
}

describe('WeChat URL check', () => {
  const signed = (timestamp: string, nonce: string, token = WECHAT_TEST_SETTINGS.token) =>
    new URLSearchParams({ signature: wechatSignature(token, timestamp, nonce), timestamp, nonce, echostr: '5837397520665436492' });

  it('echoes echostr under a valid signature', async () => {
    const res = await fetch(`${bed.app.url}/wechat?${signed(String(Math.floor(Date.now() / 1000)), '8888')}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('5837397520665436492');
  });

  it('refuses a wrong, a stale or a missing signature', async () => {
    const now = String(Math.floor(Date.now() / 1000));
    const wrong = await fetch(`${bed.app.url}/wechat?${signed(now, '8888', 'notOurToken')}`);
    expect(wrong.status).toBe(403);
    const stale = await fetch(`${bed.app.url}/wechat?${signed(String(Math.floor(Date.now() / 1000) - 3600), '8888')}`);
    expect(stale.status).toBe(403);
    expect(await stale.text()).toContain('stale');
    const missing = await fetch(`${bed.app.url}/wechat?echostr=1`);
    expect(missing.status).toBe(400);
  });
});

describe('WeChat pushes', () => {
  it('answers a signed Chinese text push in plain mode with the knowledge answer as passive XML', async () => {
    const question = '注销账户会影响我的征信吗';
    const answer = await bed.sim.push({ openid: newUser(), text: question });
    expect(answer.kind).toBe('text');
    expect(answer.raw).toMatch(/^<xml><ToUserName><!\[CDATA\[o-test-/);
    expect(answer.content).toContain(expectedAnswer(question, 'credit-impact'));
    expect(answer.content).toMatch(/回复数字即可选择：\n1\. /);
    expect(answer.content).not.toMatch(/\*\*|\]\(/);
  });

  it('answers in safe mode with an encrypted, signed reply that decrypts to the answer', async () => {
    const question = '注销以后还能恢复吗';
    const answer = await bed.sim.push({ openid: newUser(), text: question, mode: 'safe' });
    expect(answer.raw).toContain('<Encrypt>');
    expect(answer.raw).not.toContain(expectedAnswer(question, 'recovery-after-closure').slice(0, 8));
    expect(answer.kind).toBe('text');
    expect(answer.content).toContain(expectedAnswer(question, 'recovery-after-closure'));
  });

  it('answers in compatible mode (plain fields and Encrypt side by side)', async () => {
    const answer = await bed.sim.push({ openid: newUser(), text: 'how long does closing take', mode: 'compatible' });
    expect(answer.kind).toBe('text');
    expect(answer.content).toContain(expectedAnswer('how long does closing take', 'closure-timing'));
    expect(answer.content).toContain('Reply with a number to choose:\n1. ');
  });

  it('splits a reply over 2,048 bytes: the first part passively, the rest through the customer-service API', async () => {
    const openid = newUser();
    const sentences = Array.from({ length: 60 }, (_, i) => `第${i + 1}句：注销后账户里的交易记录和个人信息都会被永久删除。`);
    vi.spyOn(bed.app.runtime.bot, 'run').mockImplementation(async (context: TurnContext) => {
      await context.sendActivity({ type: ActivityTypes.Message, text: sentences.join(''), textFormat: 'plain' });
    });
    const answer = await bed.sim.push({ openid, text: '很长的问题' });
    expect(answer.kind).toBe('text');
    expect(Buffer.byteLength(answer.content!)).toBeLessThanOrEqual(2048);
    expect(answer.content).toMatch(/。$/);
    const parts = splitForWeChat(sentences.join(''));
    expect(parts.length).toBeGreaterThan(2);
    const rest = await bed.sim.waitForCustomerMessages(openid, parts.length - 1);
    expect([answer.content, ...rest]).toEqual(parts);
    expect([answer.content, ...rest].join('')).toBe(sentences.join(''));
  });

  it('accepts a safe-mode push authenticated by msg_signature alone, but not one without it', async () => {
    const { url, body } = bed.sim.signedPush({ openid: newUser(), text: '注销以后还能恢复吗', mode: 'safe' });
    const withoutSignature = new URL(url);
    withoutSignature.searchParams.delete('signature');
    const res = await fetch(withoutSignature, { method: 'POST', body });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<Encrypt>');
    withoutSignature.searchParams.delete('msg_signature');
    expect((await fetch(withoutSignature, { method: 'POST', body })).status).toBe(400);
  });

  it('treats a voice message by its recognition text', async () => {
    const answer = await bed.sim.push({ openid: newUser(), msgType: 'voice', text: '注销账户会影响我的征信吗' });
    expect(answer.content).toContain(expectedAnswer('注销账户会影响我的征信吗', 'credit-impact'));
  });

  it('asks for text when sent a picture, a location or a link, without running the bot', async () => {
    const run = vi.spyOn(bed.app.runtime.bot, 'run');
    for (const msgType of ['image', 'location', 'link'] as const) {
      const answer = await bed.sim.push({ openid: newUser(), msgType });
      expect(answer.kind).toBe('text');
      expect(answer.content).toContain('文字');
    }
    expect(run).not.toHaveBeenCalled();
  });

  it('welcomes a new follower with the main topics as numbered choices, and takes a number back', async () => {
    const openid = newUser();
    const welcome = await bed.sim.push({ openid, event: 'subscribe' });
    expect(welcome.kind).toBe('text');
    const lines = welcome.content!.split('\n');
    const choice = lines.find((l) => /^\d+\. /.test(l) && !l.includes('人工') && !l.includes('注销账户'));
    expect(choice, welcome.content).toBeDefined();
    const [number, title] = choice!.split('. ') as [string, string];
    const topic = bed.app.runtime.knowledge.inLocale('zh-CN').find((t) => t.title === title);
    expect(topic, `a topic titled "${title}"`).toBeDefined();
    const picked = await bed.sim.push({ openid, text: number });
    expect(picked.content).toContain(markdownToPlainText(topic!.body));
  });

  it('maps menu clicks to what the menu key names', async () => {
    const answer = await bed.sim.push({ openid: newUser(), event: 'CLICK', eventKey: 'topic:closure-checklist' });
    expect(answer.content).toContain(markdownToPlainText(bed.app.runtime.knowledge.get('closure-checklist', 'zh-CN')!.body));
  });

  it('processes a retried MsgId once and answers the retry with the same reply', async () => {
    const openid = newUser();
    const run = vi.spyOn(bed.app.runtime.bot, 'run');
    const first = await bed.sim.push({ openid, text: '注销后数据还在吗' });
    const retries = await Promise.all([bed.sim.push({ openid, text: '注销后数据还在吗', retry: true }), bed.sim.push({ openid, text: '注销后数据还在吗', retry: true })]);
    expect(run).toHaveBeenCalledTimes(1);
    for (const retry of retries) expect(retry.content).toBe(first.content);
  });

  it('processes a push once even when the retry arrives while the first is still being answered', async () => {
    const openid = newUser();
    const bot = bed.app.runtime.bot;
    const original = bot.run.bind(bot);
    const run = vi.spyOn(bot, 'run').mockImplementation(async (context: TurnContext) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await original(context);
    });
    const { url, body } = bed.sim.signedPush({ openid, text: '注销要多久' });
    const answers = await Promise.all([0, 50, 100].map((delay) => new Promise((r) => setTimeout(r, delay)).then(() => fetch(url, { method: 'POST', body }).then((r) => r.text()))));
    expect(run).toHaveBeenCalledTimes(1);
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toContain('<MsgType><![CDATA[text]]></MsgType>');
  });
});

describe('when WeChat is stricter than the count the channel keeps', () => {
  it('holds what WeChat refused (45047) and sends it when the user writes again', async () => {
    const channel = wechatChannel(bed.app.runtime)!;
    const openid = newUser();
    bed.sim.customerServiceAllowance = 1;
    try {
      await bed.sim.push({ openid, text: '你好' });
      const reference = { channelId: 'wechat', conversation: { id: openid, isGroup: false, conversationType: 'personal', name: '' } };
      const long = (n: number) => `第${n}条：${'很长的回复。'.repeat(80)}`;
      await channel.delivery.send(reference, [{ type: ActivityTypes.Message, text: long(1) }]);
      await channel.delivery.send(reference, [{ type: ActivityTypes.Message, text: long(2) }]);
      await channel.delivery.send(reference, [{ type: ActivityTypes.Message, text: long(3) }]);
      expect(bed.sim.customerMessages.filter((m) => m.touser === openid)).toHaveLength(1);
      bed.sim.customerServiceAllowance = 5;
      await bed.sim.push({ openid, text: '你好' });
      const all = await bed.sim.waitForCustomerMessages(openid, 3);
      expect(all.map((m) => /^第(\d)条/.exec(m)?.[1])).toEqual(['1', '2', '3']);
    } finally {
      bed.sim.customerServiceAllowance = 5;
    }
  });
});

describe('a turn slower than the reply budget', () => {
  it('answers success at once and delivers the reply through the customer-service API, refreshing a refused token', async () => {
    const openid = newUser();
    // The bot holds a token (it sent a customer-service message), then WeChat forgets it.
    await bed.sim.push({ openid, text: '你好' });
    await wechatChannel(bed.app.runtime)!.delivery.send({ channelId: 'wechat', conversation: { id: openid, isGroup: false, conversationType: 'personal', name: '' } }, [
      { type: ActivityTypes.Message, text: '状态更新。' },
    ]);
    await bed.sim.waitForCustomerMessages(openid, 1);
    bed.sim.invalidateTokens();
    const fetches = bed.sim.tokenFetches;

    const bot = bed.app.runtime.bot;
    const original = bot.run.bind(bot);
    vi.spyOn(bot, 'run').mockImplementation(async (context: TurnContext) => {
      await new Promise((resolve) => setTimeout(resolve, 4300));
      await original(context);
    });
    const question = '注销账户会影响我的征信吗';
    const answer = await bed.sim.push({ openid, text: question });
    expect(answer.kind).toBe('success');
    expect(answer.ms).toBeLessThan(4800);
    const [, message] = await bed.sim.waitForCustomerMessages(openid, 2);
    expect(message).toContain(expectedAnswer(question, 'credit-impact'));
    expect(bed.sim.tokenFetches).toBe(fetches + 1);
  }, 20_000);
});

describe('messages outside a turn (an agent, a status update)', () => {
  it('go through the customer-service API while the window is open and wait for the user when it is not', async () => {
    const channel = wechatChannel(bed.app.runtime)!;
    const stranger = newUser();
    await channel.delivery.send({ channelId: 'wechat', conversation: { id: stranger, isGroup: false, conversationType: 'personal', name: '' } }, [
      { type: ActivityTypes.Message, text: '客服回复：我们已收到你的问题。' },
    ]);
    expect(bed.sim.customerMessages.filter((m) => m.touser === stranger)).toEqual([]);

    await bed.sim.push({ openid: stranger, text: '你好' });
    const [held] = await bed.sim.waitForCustomerMessages(stranger, 1);
    expect(held).toBe('客服回复：我们已收到你的问题。');

    await channel.delivery.send({ channelId: 'wechat', conversation: { id: stranger, isGroup: false, conversationType: 'personal', name: '' } }, [
      { type: ActivityTypes.Message, text: '第一条。' },
      { type: ActivityTypes.Message, text: '**第二条**。' },
    ]);
    const messages = await bed.sim.waitForCustomerMessages(stranger, 2);
    expect(messages[1]).toBe('第一条。\n\n第二条。');
  });

  it('stop at the window allowance and resume when the user writes again', async () => {
    const channel = wechatChannel(bed.app.runtime)!;
    const openid = newUser();
    await bed.sim.push({ openid, text: '你好' });
    const reference = { channelId: 'wechat', conversation: { id: openid, isGroup: false, conversationType: 'personal', name: '' } };
    const long = (n: number) => `第${n}条：${'很长的回复。'.repeat(80)}`;
    for (let n = 1; n <= 7; n++) await channel.delivery.send(reference, [{ type: ActivityTypes.Message, text: long(n) }]);
    expect(bed.sim.customerMessages.filter((m) => m.touser === openid)).toHaveLength(5);
    await bed.sim.push({ openid, text: '你好' });
    const all = await bed.sim.waitForCustomerMessages(openid, 7);
    expect(all.map((m) => /^第(\d)条/.exec(m)?.[1])).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });
});
