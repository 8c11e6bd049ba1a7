import type { CardAction, DirectLine, Message } from 'botframework-directlinejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskEmail } from '../../src/observability/logger';
import { adaptiveCardOf, cardButtons, cardText } from '../support/adaptiveCards';
import { verifyForClosureZh, type ChatTurn } from '../support/closureScript';
import { collect, createNodeDirectLine, post, tapActivity, watermarkOf } from '../support/directLineNode';
import { fetchDemoAccounts, fetchLatestEmail } from '../support/sandboxServer';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * The whole closure on the widget's path, from the outside: a token from POST /api/widget/token,
 * Microsoft's DirectLineJS on the WebSocket stream, buttons tapped the way Web Chat taps them. The
 * person picks a demo account from /sandbox/accounts and reads the texted code off /sandbox/outbox.
 */
let app: TestServer;

beforeAll(async () => {
  app = await startTestServer();
});

afterAll(async () => {
  await app.close();
});

/** One widget conversation: says or taps (a suggested action or a card's button), and returns what the bot answered to it. */
class WidgetChat {
  private actions: CardAction[] = [];

  private constructor(
    private readonly origin: string,
    private readonly directLine: DirectLine,
    private readonly received: ReturnType<typeof collect>,
    private readonly conversationId: string,
    private readonly token: string,
  ) {}

  static async open(origin: string, locale: string): Promise<WidgetChat> {
    const res = await fetch(`${origin}/api/widget/token`, { method: 'POST' });
    const { token, conversationId } = (await res.json()) as { token: string; conversationId: string };
    const directLine = createNodeDirectLine({ domain: `${origin}/v3/directline`, token, webSocket: true, conversationStartProperties: { locale } });
    const received = collect(directLine);
    await received.until((all) => all.some((a) => a.type === 'message' && a.from.role === 'bot'));
    return new WidgetChat(origin, directLine, received, conversationId, token);
  }

  say(text: string): Promise<ChatTurn> {
    return this.send({ type: 'message', from: { id: 'user' }, text });
  }

  /** Taps a button of the bot's latest message that had any. */
  tap(title: string): Promise<ChatTurn> {
    const action = this.actions.find((a) => a.title === title);
    if (!action) throw new Error(`no button "${title}"; buttons: ${this.actions.map((a) => a.title).join(' | ')}`);
    return this.send(tapActivity(action));
  }

  /** Every activity the conversation keeps, as any client reconnecting without a watermark gets them. */
  async transcript(): Promise<Array<{ text?: string; from?: { role?: string } }>> {
    const res = await fetch(`${this.origin}/v3/directline/conversations/${this.conversationId}/activities`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    return ((await res.json()) as { activities: Array<{ text?: string; from?: { role?: string } }> }).activities;
  }

  end(): void {
    this.received.stop();
    this.directLine.end();
  }

  private async send(activity: Message): Promise<ChatTurn> {
    const id = await post(this.directLine, activity);
    // The POST returns once the bot's turn is over; wait until the stream has caught up with the
    // newest activity the conversation holds, so the turn's replies are all in.
    const res = await fetch(`${this.origin}/v3/directline/conversations/${this.conversationId}/activities?watermark=${watermarkOf(this.directLine)}`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    const newest = Number(((await res.json()) as { watermark: string }).watermark);
    await this.received.until(() => Number(watermarkOf(this.directLine)) >= newest);
    const replies = this.received.seen.filter(
      (a): a is Message => a.type === 'message' && a.from.role === 'bot' && (a as { replyToId?: string }).replyToId === id,
    );
    expect(replies.length, `the bot answered "${activity.text ?? ''}"`).toBeGreaterThan(0);
    // Web Chat shows a card's text and buttons where another message has its text and suggested actions.
    const buttonsOf = (r: Message): CardAction[] => {
      const card = adaptiveCardOf(r);
      return card ? cardButtons(card) : (r.suggestedActions?.actions ?? []);
    };
    const withButtons = replies.filter((r) => buttonsOf(r).length > 0).at(-1);
    if (withButtons) this.actions = buttonsOf(withButtons);
    return {
      text: replies.map((r) => [r.text ?? '', ...[adaptiveCardOf(r)].filter((c) => c !== undefined).map(cardText)].join('\n')).join('\n'),
      buttons: replies.flatMap((r) => buttonsOf(r).map((a) => a.title ?? '')),
    };
  }
}

describe('the closure dialog through DirectLineJS, as the widget runs it', () => {
  it('goes from "我要注销账户" by buttons, a demo account and the texted code to a filed request', async () => {
    const account = (await fetchDemoAccounts(app.url)).find((a) => a.scenario === 'closable');
    if (!account) throw new Error('no closable demo account in /sandbox/accounts');
    const chat = await WidgetChat.open(app.url, 'zh-CN');

    const { code } = await verifyForClosureZh(chat, account, app.url);

    const turn = await chat.tap('同意并提交');
    expect(turn.text).toContain('注销申请已提交');
    expect(turn.text).toContain(maskEmail(account.email));
    const requestId = /CR[0-9A-Z]+/.exec(turn.text)?.[0];
    expect(requestId, turn.text).toBeDefined();

    const email = await fetchLatestEmail(app.url, account.email);
    expect(email.text).toContain(requestId!);
    expect(app.runtime.sandbox!.store.countClosureRequests(account.accountId)).toBe(1);

    // The phone number and the code were typed into the conversation; the kept transcript holds neither.
    const kept = await chat.transcript();
    expect(kept.some((a) => a.from?.role === 'user' && a.text === '••••••')).toBe(true);
    expect(kept.filter((a) => a.text?.includes(code))).toEqual([]);
    expect(kept.filter((a) => a.text?.includes(account.phone))).toEqual([]);
    chat.end();
  }, 30_000);
});
