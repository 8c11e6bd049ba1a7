import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger';
import { RedisLink } from '../../src/scaleout/redisLink';
import { RateLimits } from '../../src/web/rateLimiter';

const silent = createLogger('silent');

/** The one limiter module: in memory by default, shared through Redis when REDIS_URL is set. */
describe('rate limits', () => {
  it('allows `points` per window, then says how long to wait', async () => {
    const limits = new RateLimits();
    const limiter = limits.limiter({ name: `t-${randomUUID()}`, points: 3, durationSeconds: 60 });
    const waits = [];
    for (let i = 0; i < 5; i++) waits.push(await limiter.take('client-a'));
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits[3]).toBeGreaterThan(0);
    expect(await limiter.take('client-b')).toBe(0);
  });

  const redisUrl = process.env['REDIS_URL'];
  it.runIf(redisUrl)('shares one limit between instances through Redis', async () => {
    const keyPrefix = `wsb-test-${randomUUID()}`;
    const links = [new RedisLink(redisUrl!, keyPrefix, silent), new RedisLink(redisUrl!, keyPrefix, silent)];
    const [a, b] = links.map((link) => new RateLimits({ link })) as [RateLimits, RateLimits];
    try {
      await Promise.all(links.map((link) => link.ready()));
      const spec = { name: 'shared', points: 4, durationSeconds: 60 };
      for (let i = 0; i < 2; i++) expect(await a.limiter(spec).take('client')).toBe(0);
      for (let i = 0; i < 2; i++) expect(await b.limiter(spec).take('client')).toBe(0);
      expect(await a.limiter(spec).take('client')).toBeGreaterThan(0);
      expect(await b.limiter(spec).take('client')).toBeGreaterThan(0);
    } finally {
      await Promise.all(links.map((link) => link.close()));
    }
  });
  if (!redisUrl) console.warn('rateLimits.test: REDIS_URL is not set, so the shared-through-Redis test was skipped');

  it('falls back to memory when Redis is unreachable, never failing a request', async () => {
    const link = new RedisLink('redis://127.0.0.1:1', `wsb-test-${randomUUID()}`, silent);
    const limits = new RateLimits({ link });
    const limiter = limits.limiter({ name: 'down', points: 2, durationSeconds: 60 });
    expect(await limiter.take('c')).toBe(0);
    expect(await limiter.take('c')).toBe(0);
    expect(await limiter.take('c')).toBeGreaterThan(0);
    await link.close();
  });
});
