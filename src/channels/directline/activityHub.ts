/**
 * What a live stream is told about: a kept activity with its watermark (and, when this instance
 * kept it, its stored JSON text), or one that is never kept (typing).
 */
export type HubEvent =
  | { kind: 'persisted'; seq: number; activity: Record<string, unknown>; json?: string }
  | { kind: 'ephemeral'; activity: Record<string, unknown> };

export type HubListener = (event: HubEvent) => void;

/**
 * In-process fan-out from the code that appends activities to the WebSocket streams open on this
 * instance. Streams catch up from the database, so a missed event costs latency, never an activity.
 */
export class ActivityHub {
  /**
   * A conversation's listeners (nearly always one: a Set each cost some 150 bytes a stream), as an
   * array replaced on every change, so a listener leaving during a publish needs no copy.
   */
  private readonly listeners = new Map<string, readonly HubListener[]>();

  subscribe(conversationId: string, listener: HubListener): () => void {
    const current = this.listeners.get(conversationId);
    this.listeners.set(conversationId, current ? [...current, listener] : [listener]);
    return () => {
      const list = this.listeners.get(conversationId);
      if (!list?.includes(listener)) return;
      const rest = list.filter((l) => l !== listener);
      if (rest.length === 0) this.listeners.delete(conversationId);
      else this.listeners.set(conversationId, rest);
    };
  }

  publish(conversationId: string, event: HubEvent): void {
    for (const listener of this.listeners.get(conversationId) ?? []) listener(event);
  }

  listenerCount(conversationId: string): number {
    return this.listeners.get(conversationId)?.length ?? 0;
  }
}
