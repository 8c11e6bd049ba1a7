import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskEmail } from '../../src/observability/logger';
import { verifyForClosureZh, type ChatTurn, type ClosureChat } from '../support/closureScript';
import { fetchDemoAccounts, fetchLatestEmail } from '../support/sandboxServer';
import { startWeChatTestBed, type WeChatTestBed } from './wechatHarness';
import type { WeChatSim } from '../../src/channels/wechat/sim/wechatSim';

/**
 * The whole closure as a WeChat follower does it: typed messages in safe mode, buttons answered by
 * their number from the list under each reply, the code read off the sandbox outbox JSON.
 */
let bed: WeChatTestBed;

beforeAll(async () => {
  bed = await startWeChatTestBed();
});

afterAll(async () => {
  await bed.close();
});

/** One follower's chat: says a text, or "taps" a button by replying with its number. */
class WeChatChat implements ClosureChat {
  private choices: string[] = [];

  constructor(
    private readonly sim: WeChatSim,
    private readonly openid: string,
  ) {}

  async say(text: string): Promise<ChatTurn> {
    const answer = await this.sim.push({ openid: this.openid, text, mode: 'safe' });
    expect(answer.kind, `the bot answered "${text}" passively`).toBe('text');
    const content = answer.content!;
    const listed = [...content.matchAll(/^(\d+)\. (.+)$/gm)].map((m) => m[2]!);
    this.choices = listed;
    return { text: content, buttons: listed };
  }

  /** Replies with the number of the choice titled `title` in the latest list. */
  tap(title: string): Promise<ChatTurn> {
    const index = this.choices.indexOf(title);
    if (index < 0) throw new Error(`no choice "${title}"; choices: ${this.choices.join(' | ')}`);
    return this.say(String(index + 1));
  }
}

describe('the closure dialog over WeChat', () => {
  it('goes from "我要注销账户" by numbered choices, a demo account and the texted code to a filed request, then tells of its progress unasked', async () => {
    const account = (await fetchDemoAccounts(bed.app.url)).find((a) => a.scenario === 'closable');
    if (!account) throw new Error('no closable demo account in /sandbox/accounts');
    const chat = new WeChatChat(bed.sim, 'o-closure-follower-01');

    await verifyForClosureZh(chat, account, bed.app.url);

    const turn = await chat.tap('同意并提交');
    expect(turn.text).toContain('注销申请已提交');
    expect(turn.text).toContain(maskEmail(account.email));
    const requestId = /CR[0-9A-Z]+/.exec(turn.text)?.[0];
    expect(requestId, turn.text).toBeDefined();
    expect((await fetchLatestEmail(bed.app.url, account.email)).text).toContain(requestId!);
    expect(bed.app.runtime.sandbox!.store.countClosureRequests(account.accountId)).toBe(1);

    // Nothing the channel keeps holds the phone number.
    const kept = await bed.app.runtime.database.db.selectFrom('wechat_push').select('reply').execute();
    expect(kept.filter((r) => r.reply?.includes(account.phone))).toEqual([]);

    // Opening the email link brings the notices unasked, through the customer-service API.
    const before = bed.sim.customerMessages.filter((m) => m.touser === 'o-closure-follower-01').length;
    expect((await fetch((await fetchLatestEmail(bed.app.url, account.email)).link!)).status).toBe(200);
    const notices = (await bed.sim.waitForCustomerMessages('o-closure-follower-01', before + 2)).slice(before);
    expect(notices[0]).toContain(`你已通过邮件确认了注销申请 ${requestId}`);
    expect(notices[1]).toContain(`你的 im钱包账户已注销（申请编号 ${requestId}）`);
    expect(notices[1]).toMatch(/^1\. 再查一次$/m);
    // Replying with the notice's number looks the status up again (the verification is still valid).
    expect((await chat.say('1')).text).toContain(`你的注销申请 ${requestId} 已完成`);
  }, 30_000);
});
