import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../observability/logger';
import type { RedisLink } from './redisLink';

const envelopeSchema = z.object({ from: z.string(), data: z.unknown() });

type Handler = (data: unknown) => void;

/**
 * Messages from this instance to every other one sharing its Redis, by topic (a Direct Line
 * activity for the instance holding the stream, a hand-off event for the agents' consoles).
 * Publishers tell this instance's own listeners themselves, without the round trip, so nothing
 * local depends on Redis; without Redis (or while it is away) a publish reaches nobody else, and the
 * database poll of streams and consoles is what remains.
 */
export class Fanout {
  private readonly instanceId = randomUUID();
  /** How this instance's own envelopes begin (see publish), so they are dropped before any parsing. */
  private readonly ownPrefix = `{"from":${JSON.stringify(this.instanceId)},`;
  private readonly handlers = new Map<string, Set<Handler>>();
  private listening = false;

  constructor(
    private readonly link: RedisLink | undefined,
    private readonly logger: Logger,
  ) {}

  /** Whether other instances can be reached (Redis configured and up). */
  get shared(): boolean {
    return this.link?.available ?? false;
  }

  /** Sends `data` to the other instances' subscribers of `topic`. */
  publish(topic: string, data: unknown): void {
    const link = this.link;
    if (!link?.available) return;
    // `from` first: the subscribers' own-message check reads the text's beginning.
    link.client.publish(link.key('fanout', topic), JSON.stringify({ from: this.instanceId, data })).catch((err: unknown) => {
      this.logger.debug({ reason: err instanceof Error ? err.message : String(err), topic }, 'fanout: not published');
    });
  }

  /** Calls `handler` with what other instances publish on `topic`, once `schema` has parsed it. */
  subscribe<T>(topic: string, schema: z.ZodType<T>, handler: (data: T) => void): () => void {
    const parsed: Handler = (data) => {
      const result = schema.safeParse(data);
      if (result.success) handler(result.data);
      else this.logger.warn({ topic }, 'fanout: ignored a message of the wrong shape');
    };
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
      this.listen(topic);
    }
    set.add(parsed);
    return () => set.delete(parsed);
  }

  private listen(topic: string): void {
    const link = this.link;
    if (!link) return;
    const subscriber = link.subscriber();
    if (!this.listening) {
      this.listening = true;
      const prefix = link.key('fanout', '');
      subscriber.on('message', (channel: string, message: string) => {
        // Every instance gets its own publications back: those are told locally already.
        if (!channel.startsWith(prefix) || message.startsWith(this.ownPrefix)) return;
        const envelope = envelopeSchema.safeParse(parseJson(message));
        if (!envelope.success) return;
        for (const handler of this.handlers.get(channel.slice(prefix.length)) ?? []) handler(envelope.data.data);
      });
    }
    subscriber.subscribe(link.key('fanout', topic)).catch((err: unknown) => {
      this.logger.warn({ reason: err instanceof Error ? err.message : String(err), topic }, 'fanout: not subscribed');
    });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
