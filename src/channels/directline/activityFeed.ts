import { z } from 'zod';
import type { Fanout } from '../../scaleout/fanout';
import { ActivityHub, type HubEvent, type HubListener } from './activityHub';
import { ConversationStore, type StoredActivity } from './conversationStore';
import { ephemeralActivityId } from './ids';
import { KeyedQueue } from './keyedQueue';

const ACTIVITY_TOPIC = 'directline-activities';
const activityRecord = z.record(z.string(), z.unknown());
const sharedEventSchema = z.object({
  conversationId: z.string(),
  event: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('persisted'), seq: z.number().int().positive(), activity: activityRecord }),
    z.object({ kind: z.literal('ephemeral'), activity: activityRecord }),
  ]),
});

/**
 * The one way activities enter a conversation's transcript: numbered and stored, then announced to
 * live streams, in order: this instance's directly, other instances' through the fan-out (a stream
 * of the conversation may be open on any of them). Typing indicators skip the store (Direct Line
 * serves them over the WebSocket only).
 */
export class ActivityFeed {
  private readonly appends = new KeyedQueue();

  constructor(
    readonly store: ConversationStore,
    readonly hub: ActivityHub = new ActivityHub(),
    private readonly fanout?: Fanout,
  ) {
    fanout?.subscribe(ACTIVITY_TOPIC, sharedEventSchema, ({ conversationId, event }) => hub.publish(conversationId, event));
  }

  /** Stores `activity` with the next watermark and its server id; returns what clients receive. */
  append(conversationId: string, activity: Record<string, unknown>): Promise<StoredActivity> {
    // Serialised per conversation so streams on this instance are told in watermark order.
    return this.appends.run(conversationId, async () => {
      const stored = await this.store.append(conversationId, activity);
      this.announce(conversationId, { kind: 'persisted', seq: stored.seq, activity: stored.activity, json: stored.json });
      return stored;
    });
  }

  /** Sends to live streams only; returns the id given to the activity. */
  broadcast(conversationId: string, activity: Record<string, unknown>): Promise<string> {
    return this.appends.run(conversationId, async () => {
      const id = ephemeralActivityId(conversationId);
      this.announce(conversationId, { kind: 'ephemeral', activity: { ...activity, id } });
      return id;
    });
  }

  private announce(conversationId: string, event: HubEvent): void {
    this.hub.publish(conversationId, event);
    if (!this.fanout) return;
    // The stored text stays with this instance: the others receive the activity as the schema reads it.
    const shared = event.kind === 'persisted' ? { kind: event.kind, seq: event.seq, activity: event.activity } : event;
    this.fanout.publish(ACTIVITY_TOPIC, { conversationId, event: shared });
  }

  subscribe(conversationId: string, listener: HubListener): () => void {
    return this.hub.subscribe(conversationId, listener);
  }
}
