import { ActivityTypes, TestAdapter, type Activity, type CardAction } from 'botbuilder';
import type { BotRuntime } from '../../src/bot/runtime';

/**
 * Drives the real bot through botbuilder's TestAdapter the way a channel would, one turn at a time,
 * and returns what the person would see: the bot's messages with their buttons and sources.
 */
export class Conversation {
  readonly adapter: TestAdapter;
  private lastActions: CardAction[] = [];
  /** Every message's buttons so far, newest last (for tapping a button on an older message). */
  private readonly actionHistory: CardAction[][] = [];

  constructor(
    private readonly runtime: Pick<BotRuntime, 'bot'>,
    options: { conversationId?: string; locale?: string; channelId?: string } = {},
  ) {
    this.adapter = new TestAdapter(
      (context) => runtime.bot.run(context),
      {
        channelId: options.channelId ?? 'test',
        conversation: { id: options.conversationId ?? `conv-${Math.random().toString(36).slice(2)}`, isGroup: false, conversationType: 'personal', name: '' },
        from: { id: 'user1', name: 'User' },
        recipient: { id: 'bot', name: 'Bot' },
        serviceUrl: 'https://test.invalid',
        locale: options.locale,
      },
    );
    this.adapter.onTurnError = (context, error) => (runtime.bot as BotRuntime['bot']).handleTurnError(context, error);
  }

  /** After a bot restart the person still sees the buttons already on screen: carry them over. */
  keepButtonsFrom(previous: Conversation): void {
    this.lastActions = previous.lastActions;
    this.actionHistory.push(...previous.actionHistory);
  }

  /** The person opens the chat. */
  async join(): Promise<Partial<Activity>[]> {
    return this.turn({
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: 'user1', name: 'User' }],
    });
  }

  async say(text: string): Promise<Partial<Activity>[]> {
    return this.turn({ type: ActivityTypes.Message, text });
  }

  /** Taps the button titled `title` on the bot's latest buttons. */
  async tap(title: string): Promise<Partial<Activity>[]> {
    return this.turn(this.tapActivity(this.findAction(title, [this.lastActions])));
  }

  /** Scrolls back and taps `title` on the newest earlier message that offered it (a stale button). */
  async tapEarlier(title: string): Promise<Partial<Activity>[]> {
    return this.turn(this.tapActivity(this.findAction(title, [...this.actionHistory].reverse())));
  }

  /** Taps `title` on the latest buttons twice at once: two turns race, as a double tap on a slow network does. */
  async doubleTap(title: string): Promise<Partial<Activity>[]> {
    const action = this.findAction(title, [this.lastActions]);
    const both = [this.tapActivity(action), this.tapActivity(action)].map((partial) => {
      const activity = this.adapter.makeActivity(partial.text);
      return Object.assign(activity, partial);
    });
    await Promise.all(both.map((activity) => this.adapter.processActivity(activity)));
    return this.collectReplies();
  }

  private findAction(title: string, lists: CardAction[][]): CardAction {
    for (const list of lists) {
      const action = list.find((a) => a.title === title);
      if (action) return action;
    }
    throw new Error(`No button "${title}"; buttons were: ${this.lastActions.map((a) => a.title).join(' | ')}`);
  }

  private tapActivity(action: CardAction): Partial<Activity> {
    return { type: ActivityTypes.Message, text: String(action.text ?? action.title), value: action.value };
  }

  private async turn(partial: Partial<Activity>): Promise<Partial<Activity>[]> {
    const activity = this.adapter.makeActivity(partial.text);
    Object.assign(activity, partial);
    await this.adapter.processActivity(activity);
    return this.collectReplies();
  }

  private collectReplies(): Partial<Activity>[] {
    const replies = this.adapter.activeQueue.splice(0).filter((a) => a.type === ActivityTypes.Message);
    for (const r of replies) if (r.suggestedActions?.actions.length) this.actionHistory.push(r.suggestedActions.actions);
    const withButtons = replies.filter((r) => (r.suggestedActions?.actions.length ?? 0) > 0).at(-1);
    if (withButtons) this.lastActions = withButtons.suggestedActions!.actions;
    return replies;
  }
}

export function textOf(replies: Partial<Activity>[]): string {
  return replies.map((r) => r.text ?? '').join('\n');
}

export function buttonsOf(replies: Partial<Activity>[]): string[] {
  return replies.flatMap((r) => r.suggestedActions?.actions.map((a) => a.title) ?? []);
}

export function sourcesOf(replies: Partial<Activity>[]): string[] {
  return replies.flatMap((r) => ((r.channelData as { sources?: { id: string }[] } | undefined)?.sources ?? []).map((s) => s.id));
}
