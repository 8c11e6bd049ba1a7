import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import { asksForSensitiveInput, MASKED_TEXT } from '../channels/directline/sensitiveInput';
import type { HandoffService } from './handoffService';
import { conversationKey } from './handoffTypes';

/**
 * Keeps both directions of every conversation, on every channel, for the agent who may take it
 * over: the person's messages as they arrive, the bot's as they are sent (through the turn's
 * onSendActivities hook). Text is masked; the answer to a request for a code is not kept at all.
 */
export class TranscriptRecorder {
  /** Conversations whose next user message answers a request for a secret. */
  private readonly secretNext = new Set<string>();

  constructor(private readonly handoff: HandoffService) {}

  async recordTurn(context: TurnContext): Promise<void> {
    const key = conversationKey(TurnContext.getConversationReference(context.activity));
    const incoming = context.activity;
    if (incoming.type === ActivityTypes.Message && incoming.text) {
      const secret = this.secretNext.delete(key);
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
      if (asksForSensitiveInput(activity)) this.secretNext.add(key);
      await this.handoff.record(key, { sender: 'bot', text: activity.text, at: new Date().toISOString() });
    }
  }
}
