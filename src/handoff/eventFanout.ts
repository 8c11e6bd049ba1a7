import { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../observability/logger';
import type { HandoffEvent } from './handoffService';

const eventSchema = z.object({ type: z.enum(['queue', 'transcript']), caseId: z.uuid() });

/**
 * Hand-off events shared by every instance through Redis pub/sub, so an agent's console on one
 * instance hears of a request or a message that arrived on another. Every instance, this one too,
 * receives each event from Redis once.
 */
export class RedisEventFanout {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  private constructor(
    url: string,
    private readonly channel: string,
    private readonly logger: Logger,
  ) {
    this.publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    this.subscriber = new Redis(url, { lazyConnect: true });
  }

  /** Connects and subscribes; `onEvent` gets every instance's events, this one's included. */
  static async connect(url: string, channel: string, logger: Logger, onEvent: (event: HandoffEvent) => void): Promise<RedisEventFanout> {
    const fanout = new RedisEventFanout(url, channel, logger);
    await Promise.all([fanout.publisher.connect(), fanout.subscriber.connect()]);
    fanout.subscriber.on('message', (_channel: string, message: string) => {
      const parsed = eventSchema.safeParse(safeJson(message));
      if (parsed.success) onEvent(parsed.data);
    });
    await fanout.subscriber.subscribe(channel);
    return fanout;
  }

  publish(event: HandoffEvent): void {
    this.publisher.publish(this.channel, JSON.stringify(event)).catch((err: unknown) => this.logger.warn({ err }, 'handoff: event not published'));
  }

  async close(): Promise<void> {
    await Promise.all([this.publisher.quit(), this.subscriber.quit()]);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
