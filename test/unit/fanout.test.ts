import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../../src/observability/logger';
import { Fanout } from '../../src/scaleout/fanout';
import type { RedisLink } from '../../src/scaleout/redisLink';

/** One Redis channel space shared by the instances: every publication reaches every subscriber, the publisher's own too, as Redis does. */
function fakeRedis() {
  const subscribers: EventEmitter[] = [];
  const link = (): RedisLink => {
    const subscriber = Object.assign(new EventEmitter(), { subscribe: async () => 1 });
    subscribers.push(subscriber);
    const fake = {
      available: true,
      key: (...parts: string[]) => ['ns', ...parts].join(':'),
      subscriber: () => subscriber,
      client: {
        publish: async (channel: string, message: string) => {
          for (const s of subscribers) s.emit('message', channel, message);
          return subscribers.length;
        },
      },
    };
    return fake as unknown as RedisLink;
  };
  return { link };
}

const payload = z.object({ text: z.string() });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Fanout', () => {
  it('gives other instances what one publishes, and drops its own copy without parsing it', async () => {
    const redis = fakeRedis();
    const a = new Fanout(redis.link(), createLogger('silent'));
    const b = new Fanout(redis.link(), createLogger('silent'));
    const gotA: string[] = [];
    const gotB: string[] = [];
    a.subscribe('topic', payload, (data) => gotA.push(data.text));
    b.subscribe('topic', payload, (data) => gotB.push(data.text));
    const parse = vi.spyOn(JSON, 'parse');

    a.publish('topic', { text: 'hello' });
    await Promise.resolve();

    expect(gotB).toEqual(['hello']);
    expect(gotA).toEqual([]);
    // B parsed the envelope once; A, receiving its own publication, not at all.
    expect(parse).toHaveBeenCalledTimes(1);
  });
});
