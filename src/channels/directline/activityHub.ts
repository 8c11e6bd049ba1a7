/** What a live stream is told about: a kept activity with its watermark, or one that is never kept (typing). */
export type HubEvent =
  | { kind: 'persisted'; seq: number; activity: Record<string, unknown> }
  | { kind: 'ephemeral'; activity: Record<string, unknown> };

export type HubListener = (event: HubEvent) => void;

/**
 * In-process fan-out from the code that appends activities to the WebSocket streams open on this
 * instance. Streams catch up from the database, so a missed event costs latency, never an activity.
 */
export class ActivityHub {
  private readonly listeners = new Map<string, Set<HubListener>>();

  subscribe(conversationId: string, listener: HubListener): () => void {
    let set = this.listeners.get(conversationId);
    if (!set) {
      set = new Set();
      this.listeners.set(conversationId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(conversationId) === set) this.listeners.delete(conversationId);
    };
  }

  publish(conversationId: string, event: HubEvent): void {
    for (const listener of this.listeners.get(conversationId) ?? []) listener(event);
  }

  listenerCount(conversationId: string): number {
    return this.listeners.get(conversationId)?.size ?? 0;
  }
}
