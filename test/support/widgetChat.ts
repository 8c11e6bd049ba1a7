import { expect } from 'vitest';
import type { CardAction, DirectLine, Message } from 'botframework-directlinejs';
import { adaptiveCardOf, cardButtons, cardText } from './adaptiveCards';
import type { ChatTurn } from './closureScript';
import { activityId } from '../../src/channels/directline/watermark';
import { collect, createNodeDirectLine, post, tapActivity, watermarkOf } from './directLineNode';

/** One widget conversation: says or taps (a suggested action or a card's button), and returns what the bot answered to it. */
export class WidgetChat {
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

  /** Bot messages that answer nothing the person sent (notices), once there are at least `count`; the welcome is not one. */
  async unprompted(count: number, ms = 15_000): Promise<Message[]> {
    const notices = () =>
      this.received.seen.filter(
        (a): a is Message => a.type === 'message' && a.from.role === 'bot' && !(a as { replyToId?: string }).replyToId && adaptiveCardOf(a) !== undefined,
      );
    await this.received.until(() => notices().length >= count, ms);
    return notices();
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
    // DirectLineJS takes an ActivitySet's watermark at once and hands its activities on one by one
    // after (on its scheduler): wait for the newest activity itself, not the watermark.
    const newestId = activityId(this.conversationId, newest);
    await this.received.until((seen) => seen.some((a) => a.id === newestId));
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

