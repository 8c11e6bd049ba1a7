import type { Activity, ConversationReference } from 'botbuilder';
import type { ChannelDelivery } from '../delivery';
import { DIRECTLINE_CHANNEL_ID } from './directLineAdapter';
import type { DirectLineChannel } from './directLineChannel';

/** Web Chat and other Direct Line clients: activities go into the conversation's feed and streams. */
export class DirectLineDelivery implements ChannelDelivery {
  readonly channelId = DIRECTLINE_CHANNEL_ID;

  constructor(private readonly channel: DirectLineChannel) {}

  async send(reference: Partial<ConversationReference>, activities: Partial<Activity>[]): Promise<void> {
    await this.channel.sendToConversation(reference, activities);
  }
}
