import { ActivityHub, type HubListener } from './activityHub';
import { ConversationStore, type StoredActivity } from './conversationStore';
import { ephemeralActivityId } from './ids';
import { KeyedQueue } from './keyedQueue';
import { activityId } from './watermark';

/**
 * The one way activities enter a conversation's transcript: numbered and stored, then announced to
 * live streams, in order. Typing indicators skip the store (Direct Line serves them over the
 * WebSocket only).
 */
export class ActivityFeed {
  private readonly appends = new KeyedQueue();

  constructor(
    readonly store: ConversationStore,
    readonly hub: ActivityHub = new ActivityHub(),
  ) {}

  /** Stores `activity` with the next watermark and its server id; returns what clients receive. */
  append(conversationId: string, activity: Record<string, unknown>): Promise<StoredActivity> {
    // Serialised per conversation so streams on this instance are told in watermark order.
    return this.appends.run(conversationId, async () => {
      const stored = await this.store.append(conversationId, (seq) => ({ ...activity, id: activityId(conversationId, seq) }));
      this.hub.publish(conversationId, { kind: 'persisted', seq: stored.seq, activity: stored.activity });
      return stored;
    });
  }

  /** Sends to live streams only; returns the id given to the activity. */
  broadcast(conversationId: string, activity: Record<string, unknown>): Promise<string> {
    return this.appends.run(conversationId, async () => {
      const id = ephemeralActivityId(conversationId);
      this.hub.publish(conversationId, { kind: 'ephemeral', activity: { ...activity, id } });
      return id;
    });
  }

  subscribe(conversationId: string, listener: HubListener): () => void {
    return this.hub.subscribe(conversationId, listener);
  }
}
