import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import type { ChannelDelivery } from '../delivery';

/**
 * Channels reached through Azure Bot Service or the Emulator: proactive messages on the stored
 * conversation reference (its serviceUrl says where to post).
 */
export class BotFrameworkDelivery implements ChannelDelivery {
  constructor(
    readonly channelId: string,
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
  ) {}

  async send(reference: Partial<ConversationReference>, activities: Partial<Activity>[]): Promise<void> {
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      // New messages in the conversation, not replies to the continuation's made-up activity id.
      context.onSendActivities(async (_context, outgoing, next) => {
        for (const activity of outgoing) delete activity.replyToId;
        return next();
      });
      await context.sendActivities(activities);
    });
  }
}

/** The Bot Framework channels the bot serves by default; a channel's own delivery (e.g. Teams) may replace its entry. */
export const BOT_FRAMEWORK_CHANNELS = ['emulator', 'webchat', 'msteams'] as const;
