import { randomUUID } from 'node:crypto';
import type { Activity, CardAction } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskEmail, maskPhone } from '../../src/observability/logger';
import { codeIn, fetchDemoAccounts, fetchLatestCode, fetchOutbox, wrongCode, type DemoAccountJson } from '../support/sandboxServer';
import { verifyForClosureZh, type ChatTurn } from '../support/closureScript';
import { startEmulatorConnector } from '../support/emulatorConnector';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * The closure, end to end, as the Bot Framework Emulator drives it with no app id or password:
 * Activities POSTed to /api/messages with a serviceUrl pointing at the Emulator, whose connector
 * endpoints (POST /v3/conversations/{id}/activities[/{replyToId}]) receive the bot's replies. The
 * person reads codes and emails from the sandbox outbox JSON and picks demo accounts from
 * /sandbox/accounts, like someone trying the bot from the README.
 */

type EmulatorConnector = Awaited<ReturnType<typeof startEmulatorConnector>>;

/** One Emulator chat window: posts what the person types or taps and returns the bot's messages for that turn. */
class EmulatorChat {
  readonly conversationId = `${randomUUID()}|livechat`;
  private readonly user = { id: randomUUID(), name: 'User', role: 'user' };
  private readonly bot = { id: randomUUID(), name: 'Bot', role: 'bot' };
  private buttons: CardAction[] = [];
  /** Everything the bot said in this chat. */
  readonly transcript: string[] = [];

  constructor(
    private readonly botUrl: string,
    private readonly connector: EmulatorConnector,
    /** The Emulator's own default is en-US, whatever language the person then types in. */
    private readonly locale = 'en-US',
  ) {}

  join() {
    return this.post({ type: 'conversationUpdate', membersAdded: [this.bot, this.user] });
  }

  say(text: string) {
    return this.post({ type: 'message', text, textFormat: 'plain' });
  }

  /** Taps a suggested action on the latest message that had any, as Web Chat inside the Emulator does for messageBack. */
  tap(title: string) {
    const action = this.buttons.find((a) => a.title === title);
    if (!action) throw new Error(`no button "${title}"; buttons: ${this.buttons.map((a) => a.title).join(' | ')}`);
    return this.post({
      type: 'message',
      text: String(action.text ?? action.title),
      value: action.value,
      channelData: { messageBack: { displayText: action.displayText ?? action.title } },
    });
  }

  /** What the bot posted into this conversation unprompted (closure notices), as text. */
  notices(): string[] {
    return this.connector.received
      .filter((r) => r.conversationId === this.conversationId && r.replyToId === undefined && r.activity.type === 'message')
      .map((r) => r.activity.text ?? '');
  }

  private async post(partial: Partial<Activity>): Promise<ChatTurn> {
    const id = randomUUID();
    const activity = {
      ...partial,
      id,
      channelId: 'emulator',
      serviceUrl: this.connector.serviceUrl,
      conversation: { id: this.conversationId },
      from: this.user,
      recipient: this.bot,
      locale: this.locale,
      timestamp: new Date().toISOString(),
      localTimestamp: new Date().toISOString(),
    };
    const before = this.connector.received.length;
    // No Authorization header: the Emulator with no app id / password.
    const res = await fetch(`${this.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    expect(res.status, `POST /api/messages for ${partial.type}`).toBeLessThan(300);
    // The bot answers within the request, so its replies are in before the POST returns.
    // Closure notices come unprompted (no replyToId) whenever the wallet reports a change; they answer nothing.
    const replies = this.connector.received.slice(before).filter((r) => r.conversationId === this.conversationId && r.replyToId !== undefined);
    for (const r of replies) expect(r.replyToId, 'replies go to .../activities/{replyToId}').toBe(id);
    const messages = replies.map((r) => r.activity).filter((a) => a.type === 'message');
    expect(messages.length, `the bot answered "${partial.text ?? partial.type}"`).toBeGreaterThan(0);
    for (const m of messages) {
      expect(m.conversation?.id).toBe(this.conversationId);
      expect(m.recipient?.id).toBe(this.user.id);
      expect(m.from?.id).toBe(this.bot.id);
    }
    const withButtons = messages.filter((m) => (m.suggestedActions?.actions.length ?? 0) > 0).at(-1);
    if (withButtons) this.buttons = withButtons.suggestedActions!.actions;
    const text = messages.map((m) => m.text ?? '').join('\n');
    this.transcript.push(text);
    return { text, buttons: messages.flatMap((m) => m.suggestedActions?.actions.map((a) => a.title) ?? []) };
  }
}

let app: TestServer;
let connector: EmulatorConnector;
let accounts: DemoAccountJson[];

beforeAll(async () => {
  app = await startTestServer();
  connector = await startEmulatorConnector();
  accounts = await fetchDemoAccounts(app.url);
});

afterAll(async () => {
  await connector.close();
  await app.close();
});

/** Demo accounts of a scenario, in the order /sandbox/accounts lists them (each test takes its own). */
function demoAccount(scenario: string, index = 0): DemoAccountJson {
  const account = accounts.filter((a) => a.scenario === scenario)[index];
  if (!account) throw new Error(`no demo account #${index} with scenario ${scenario} in /sandbox/accounts`);
  return account;
}

/** The newest code texted to `phone`, read from GET /sandbox/outbox as JSON. */
const codeFor = (phone: string) => fetchLatestCode(app.url, phone);

async function emailsTo(email: string) {
  return (await fetchOutbox(app.url)).filter((e) => e.kind === 'email' && e.to === email);
}

/** Neither a code the wallet texted nor the full phone number ever appears in what the bot said. */
async function expectNoSecrets(chat: EmulatorChat, account: DemoAccountJson): Promise<void> {
  const said = chat.transcript.join('\n');
  expect(said).not.toContain(account.phone);
  const codes = (await fetchOutbox(app.url)).filter((e) => e.to === account.phone).map((e) => codeIn(e.text));
  for (const code of codes) if (code) expect(said).not.toMatch(new RegExp(`(?<!\\d)${code}(?!\\d)`));
}

/** Says the status question until the bot reports `done` (the sandbox completes a confirmed request after a short delay). */
async function statusUntil(chat: EmulatorChat, question: string, done: string, inBetween: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { text } = await chat.say(question);
    if (text.includes(done)) return text;
    expect(text, 'before completing, the request is processing').toContain(inBetween);
    if (Date.now() > deadline) throw new Error(`still not "${done}" after 15 s: ${text}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('the closure dialog through /api/messages, as the Bot Framework Emulator drives it', () => {
  it('serves the demo accounts of every scenario the issue names', () => {
    for (const scenario of ['closable', 'balance-left', 'pending-transaction', 'linked-accounts']) {
      expect(accounts.some((a) => a.scenario === scenario), scenario).toBe(true);
    }
  });

  it('goes from "我要注销账户" to a filed request, and after the emailed link to completed', async () => {
    const account = demoAccount('closable', 0);
    const chat = new EmulatorChat(app.url, connector);
    // The welcome follows the Emulator's locale; from the first Chinese message on, the bot answers in Chinese.
    expect((await chat.join()).buttons).toContain('Start closing');

    await verifyForClosureZh(chat, account, app.url);

    const turn = await chat.tap('同意并提交');
    const requestId = /CR[0-9A-Z]+/.exec(turn.text)?.[0];
    expect(requestId, turn.text).toBeDefined();
    expect(turn.text).toContain('注销申请已提交');
    expect(turn.text).toContain(maskEmail(account.email));

    const [email, ...more] = await emailsTo(account.email);
    expect(more).toEqual([]);
    expect(email!.text).toContain(requestId!);
    const opened = await fetch(email!.link!);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain(requestId!);

    const done = await statusUntil(chat, '我的注销进度', '已完成', '处理中');
    expect(done).toContain(requestId!);
    expect(done).toContain('账户已注销');
    // The Emulator was told too, unasked, through its conversation reference: confirmed, then closed.
    await expect.poll(() => chat.notices().length, { timeout: 10_000 }).toBe(2);
    expect(chat.notices()[1]).toContain(`你的 im钱包账户已注销（申请编号 ${requestId!}）`);

    // Another chat has no verification yet: the status question verifies again, then reports the same.
    const later = new EmulatorChat(app.url, connector);
    expect((await later.say('我的注销进度')).text).toContain('需要先验证你的身份');
    await later.say(account.accountId);
    const again = await later.say(await codeFor(account.phone));
    expect(again.text).toContain(`${requestId!} 已完成`);

    expect(app.runtime.sandbox!.store.countClosureRequests(account.accountId)).toBe(1);
    await expectNoSecrets(chat, account);
    await expectNoSecrets(later, account);
  });

  it('does the same in English, identified by email address', async () => {
    const account = demoAccount('closable', 1);
    const chat = new EmulatorChat(app.url, connector);

    let turn = await chat.say('close my account');
    expect(turn.text).toContain('permanent');
    expect(turn.buttons).toEqual(['Continue', 'Tell me more', 'Not now']);
    turn = await chat.tap('Continue');
    expect(turn.text).toContain('phone number, email or account ID');
    turn = await chat.say(`my email is ${account.email}`);
    expect(turn.text).toContain(`I've texted a code to ${maskPhone(account.phone)}`);
    expect(turn.text).not.toContain(account.email);
    turn = await chat.say(await codeFor(account.phone));
    expect(turn.text).toContain('Identity verified');
    turn = await chat.tap('Agree and submit');
    expect(turn.text).toContain('Your closure request is filed');
    const requestId = /CR[0-9A-Z]+/.exec(turn.text)?.[0];

    const [email] = await emailsTo(account.email);
    expect((await fetch(email!.link!)).status).toBe(200);
    const done = await statusUntil(chat, 'status of my closure', 'is completed', 'being processed');
    expect(done).toContain(requestId!);
    expect(done).toContain('the account is closed');
    expect(app.runtime.sandbox!.store.countClosureRequests(account.accountId)).toBe(1);
    await expectNoSecrets(chat, account);
  });

  it.each([
    ['balance-left', ['余额', '提现到银行卡或转出']],
    ['pending-transaction', ['笔交易没有完成', '等这笔交易完成']],
    ['linked-accounts', ['还绑定着', '解绑']],
  ])('explains the %s blocker, offers to check again and files nothing', async (scenario, explained) => {
    const account = demoAccount(scenario);
    const chat = new EmulatorChat(app.url, connector, 'zh-CN');
    await chat.say('我要注销账户');
    await chat.tap('继续');
    await chat.say(account.accountId);
    let turn = await chat.say(await codeFor(account.phone));
    expect(turn.text).toContain('暂时还不能注销');
    for (const words of explained) expect(turn.text).toContain(words);
    expect(turn.text).toContain('什么都没有提交');
    expect(turn.buttons).toContain('再查一次');
    expect(turn.buttons).not.toContain('同意并提交');

    turn = await chat.tap('再查一次');
    expect(turn.text).toContain('暂时还不能注销');
    expect(turn.buttons).not.toContain('同意并提交');

    // The person asks where things stand: the wallet has no request for the account.
    turn = await chat.say('我的注销进度');
    expect(turn.text).toContain('还没有注销申请');
    expect(await emailsTo(account.email)).toEqual([]);
    expect(app.runtime.sandbox!.store.countClosureRequests(account.accountId)).toBe(0);
    await expectNoSecrets(chat, account);
  });

  it('never files after a wrong code three times: it stops and hands over to a human agent', async () => {
    const account = demoAccount('closable', 2);
    const chat = new EmulatorChat(app.url, connector, 'zh-CN');
    await chat.say('我要注销账户');
    await chat.tap('继续');
    await chat.say(account.email);
    const wrong = wrongCode(await codeFor(account.phone));

    expect((await chat.say(wrong)).text).toContain('还可以再试 2 次');
    expect((await chat.say(wrong)).text).toContain('还可以再试 1 次');
    const locked = await chat.say(wrong);
    expect(locked.text).toContain('验证已被锁定');
    expect(locked.text).toContain('什么都没有提交');
    // The hand-off follows (or, where there is none, how else to reach a person).
    expect(locked.text).toContain('人工');
    expect(locked.text).not.toContain('同意以上注销条款');

    // The right code is no use any more, and starting over does not text a new one.
    expect((await chat.say(await codeFor(account.phone))).text).not.toContain('身份验证成功');
    await chat.say('我要注销账户');
    await chat.tap('继续');
    const again = await chat.say(account.phone);
    expect(again.text).toContain('验证已被锁定');
    expect(again.text).not.toContain('验证码已发送');

    expect(await emailsTo(account.email)).toEqual([]);
    expect(app.runtime.sandbox!.store.countClosureRequests(account.accountId)).toBe(0);
    await expectNoSecrets(chat, account);
  });
});

describe('POST /api/messages with something that is not an activity', () => {
  it.each([
    ['an empty object', {}],
    ['a message with no conversation, sender or serviceUrl', { type: 'message', text: 'hi' }],
    ['an array', []],
  ])('answers %s with a 400 and a reason, and keeps serving', async (_name, body) => {
    const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Not a Bot Framework activity: .+/);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
