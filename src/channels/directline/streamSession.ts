import { WebSocket } from 'ws';
import type { Logger } from '../../observability/logger';
import { isDatabaseUnavailable } from '../../storage/databaseErrors';
import type { HubEvent } from './activityHub';
import type { ActivityFeed } from './activityFeed';
import { PAGE_SIZE } from './conversationStore';
import { formatWatermark, type Watermark } from './watermark';

/** A client that cannot keep up (this much unsent) is dropped; it reconnects with its watermark. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * One open WebSocket stream of a conversation. Everything it sends goes through one queue, so
 * activities leave in watermark order: the replay from the client's watermark first, then live
 * ones; a gap (an event missed, or written by another instance) is filled from the database.
 */
export class StreamSession {
  private lastSent: Watermark;
  private queue: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  private alive = true;
  private closed = false;
  /** Activities (JSON text) queued for the frame this tick sends, if any. */
  private unsent: string[] | undefined;

  constructor(
    private readonly ws: WebSocket,
    readonly conversationId: string,
    private readonly feed: ActivityFeed,
    from: Watermark,
    private readonly logger: Logger,
    private readonly onClosed: (session: StreamSession) => void,
  ) {
    this.lastSent = from;
  }

  start(): void {
    // Subscribe before reading the replay, so nothing written in between is lost (the queue orders both).
    this.unsubscribe = this.feed.subscribe(this.conversationId, (event) => this.onEvent(event));
    this.enqueue(() => this.catchUp());
    // The client's "" keep-alives and our pings' pongs both prove the connection is alive. (Two
    // anonymous listeners: one named function shared by both costs more, as tsx's keepNames gives it
    // a property dictionary for its name.)
    this.ws.on('message', () => {
      this.alive = true;
    });
    this.ws.on('pong', () => {
      this.alive = true;
    });
    this.ws.on('close', () => this.dispose());
    this.ws.on('error', (err) => {
      this.logger.debug({ err, conversation: this.conversationId }, 'directline: stream error');
      this.dispose();
    });
  }

  /** Keep-alive round: drop a silent connection, ping, send Direct Line's empty keep-alive frame. */
  tick(pollDatabase: boolean): void {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return;
    if (!this.alive) {
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
    this.ws.send('');
    if (pollDatabase) this.enqueue(() => this.catchUp());
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.ws.close(code, reason);
    this.dispose();
  }

  private onEvent(event: HubEvent): void {
    this.enqueue(async () => {
      if (event.kind === 'ephemeral') {
        this.sendFrame([JSON.stringify(event.activity)]);
      } else if (event.seq === this.lastSent + 1) {
        this.sendFrame([event.json ?? JSON.stringify(event.activity)], event.seq);
      } else if (event.seq > this.lastSent) {
        await this.catchUp();
      }
    });
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      if (this.closed) return;
      const page = await this.feed.store.listAfter(this.conversationId, this.lastSent, PAGE_SIZE);
      const last = page.at(-1);
      if (!last) return;
      this.sendFrame(
        page.map((p) => p.json),
        last.seq,
      );
      if (page.length < PAGE_SIZE) return;
    }
  }

  /**
   * Queues activities given as JSON text (a kept one as the database holds it) for this tick's
   * frame; `seq` advances the watermark for kept activities. What one tick sends (the person's own
   * message echoed and the bot's replies to it, usually) leaves as one ActivitySet frame: one
   * socket write instead of one per activity, each a system call that also runs the receiving
   * side's TCP work on loopback.
   */
  private sendFrame(activities: string[], seq?: Watermark): void {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return;
    if (seq !== undefined) this.lastSent = seq;
    if (this.unsent) {
      this.unsent.push(...activities);
      return;
    }
    this.unsent = [...activities];
    // After the microtasks now queued: a turn that needs no I/O runs to its end before it.
    process.nextTick(() => this.flush());
  }

  /** The frame of what was queued: the same text as JSON.stringify({ activities, watermark }). */
  private flush(): void {
    const activities = this.unsent;
    this.unsent = undefined;
    if (!activities || this.closed || this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.ws.terminate();
      return;
    }
    this.ws.send(`{"activities":[${activities.join(',')}],"watermark":${JSON.stringify(formatWatermark(this.lastSent))}}`);
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((err: unknown) => {
      if (isDatabaseUnavailable(err)) {
        // The stream stays open (a reconnect could not be served either); the next event or keep-alive catches up.
        this.logger.warn({ conversation: this.conversationId }, 'directline: stream catch-up waits for the database');
        return;
      }
      this.logger.error({ err, conversation: this.conversationId }, 'directline: stream delivery failed');
      // The client reconnects with its watermark and gets what it missed.
      this.close(1011, 'delivery failed');
    });
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    this.onClosed(this);
  }
}
