import type { Activity, ConversationReference } from 'botbuilder';

/**
 * Sends activities into a conversation outside a turn: an agent's reply, a typing indicator, a
 * status notice. One implementation per channel (Direct Line, Bot Framework channels through the
 * stored conversation reference, WeChat's customer-service API); the hand-off relay and proactive
 * notices reach every channel through this one interface.
 */
export interface ChannelDelivery {
  /** The `channelId` of the conversations this delivery serves ('directline', 'wechat', 'emulator', ...). */
  readonly channelId: string;
  /** Sends `activities` in order to the conversation `reference` names. */
  send(reference: Partial<ConversationReference>, activities: Partial<Activity>[]): Promise<void>;
}

/** The deliveries of one runtime, by channel; a channel registers its own when it is mounted. */
export class Deliveries {
  private readonly byChannel = new Map<string, ChannelDelivery>();

  register(delivery: ChannelDelivery): void {
    this.byChannel.set(delivery.channelId, delivery);
  }

  has(channelId: string): boolean {
    return this.byChannel.has(channelId);
  }

  async send(reference: Partial<ConversationReference>, activities: Partial<Activity>[]): Promise<void> {
    const channelId = reference.channelId ?? '';
    const delivery = this.byChannel.get(channelId);
    if (!delivery) throw new Error(`No delivery for channel "${channelId}".`);
    await delivery.send(reference, activities);
  }
}
