import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import { asksForSensitiveInput, MASKED_TEXT } from '../channels/directline/sensitiveInput';
import type { HandoffService } from './handoffService';
import { conversationKey } from './handoffTypes';

/**
 * How long a request for a code marks the person's next message as its answer: far longer than a
 * code lives (the sandbox's: 5 minutes), and a late answer still has code-like numbers masked.
 */
const SECRET_ANSWER_WINDOW_MS = 60 * 60_000;

/**
 * Keeps both directions of every conversation, on every channel, for the agent who may take it
 * over: the person's messages as they arrive, the bot's as they are sent (through the turn's
 * onSendActivities hook). Text is masked; the answer to a request for a code is not kept at all.
 */
export class TranscriptRecorder {
  /** Conversations whose next user message answers a request for a secret: when it was asked (ms), oldest first. */
  private readonly secretNext = new Map<string, number>();

  constructor(
    private readonly handoff: Pick<HandoffService, 'record'>,
    private readonly now: () => number = Date.now,
  ) {}

  async recordTurn(context: TurnContext): Promise<void> {
    const key = conversationKey(TurnContext.getConversationReference(context.activity));
    const incoming = context.activity;
    if (incoming.type === ActivityTypes.Message && incoming.text) {
      const secret = this.takeSecretNext(key);
      await this.handoff.record(key, { sender: 'user', text: secret ? MASKED_TEXT : incoming.text, at: new Date().toISOString() });
    }
    context.onSendActivities(async (_ctx, activities, next) => {
      await this.recordOutgoing(key, activities);
      return next();
    });
  }

  private async recordOutgoing(key: string, activities: Partial<Activity>[]): Promise<void> {
    for (const activity of activities) {
      if (activity.type !== ActivityTypes.Message || !activity.text) continue;
      if (asksForSensitiveInput(activity)) this.markSecretNext(key);
      await this.handoff.record(key, { sender: 'bot', text: activity.text, at: new Date().toISOString() });
    }
  }

  /** Notes the request, forgetting those older than the window first (a conversation left at a code prompt). */
  private markSecretNext(key: string): void {
    const now = this.now();
    for (const [oldest, askedAt] of this.secretNext) {
      if (now - askedAt < SECRET_ANSWER_WINDOW_MS) break;
      this.secretNext.delete(oldest);
    }
    // Deleted first so the key moves to the end and the map stays oldest first.
    this.secretNext.delete(key);
    this.secretNext.set(key, now);
  }

  private takeSecretNext(key: string): boolean {
    const askedAt = this.secretNext.get(key);
    if (askedAt === undefined) return false;
    this.secretNext.delete(key);
    return this.now() - askedAt < SECRET_ANSWER_WINDOW_MS;
  }
}
