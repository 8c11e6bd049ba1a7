import { randomUUID } from 'node:crypto';
import { KeyedQueue } from '../channels/directline/keyedQueue';
import type { Logger } from '../observability/logger';
import type { RedisLink } from './redisLink';
import { turnLocks } from './scaleoutMetrics';

export interface TurnLockOptions {
  /** How long a lock lives unless renewed: what a crashed instance costs its conversations at most. */
  ttlMs?: number;
  /** How long a turn waits for the lock before it fails (a turn elsewhere that never ends). */
  maxWaitMs?: number;
  /** Pause between two tries while another instance holds the lock. */
  retryMs?: number;
  /** A turn may queue another of the same key from inside itself (see KeyedQueueOptions). */
  reentrant?: boolean;
}

/** A turn waited longer than `maxWaitMs` for its conversation's lock. */
export class TurnLockTimeout extends Error {
  constructor(key: string, waitedMs: number) {
    super(`the turn lock of ${key} stayed taken for ${waitedMs} ms`);
  }
}

/**
 * Takes the lock when it is free and this ticket is the oldest live one waiting (waiters queue in
 * order across instances, as Rasa's ticket lock store does); a waiter not seen for `waiterTtl` is
 * dropped, so a dead instance's place in the queue does not block the conversation.
 * KEYS: lock, queue (token -> ticket), seen (token -> last try, ms), ticket counter.
 * ARGV: token, lock ttl ms, waiter ttl ms.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local stale = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[3]))
for _, waiter in ipairs(stale) do
  redis.call('ZREM', KEYS[2], waiter)
  redis.call('ZREM', KEYS[3], waiter)
end
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[4]), ARGV[1])
end
redis.call('ZADD', KEYS[3], now, ARGV[1])
local keep = math.max(tonumber(ARGV[2]), tonumber(ARGV[3])) * 2
for i = 2, 4 do redis.call('PEXPIRE', KEYS[i], keep) end
if redis.call('EXISTS', KEYS[1]) == 0 and redis.call('ZRANGE', KEYS[2], 0, 0)[1] == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
  return 1
end
return 0`;

/** Compare-and-delete: only the holder's token releases the lock. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
/** Compare-and-extend: only the holder's token renews it. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
/** A waiter that gives up leaves the queue. */
const LEAVE = `redis.call('ZREM', KEYS[1], ARGV[1]) redis.call('ZREM', KEYS[2], ARGV[1]) return 1`;

/**
 * One turn at a time per conversation: in order within this process (a queue), and across
 * instances through a Redis lock (SET NX PX with a token, renewed while the turn runs, released by
 * compare-and-delete). Without Redis, or while it is away, the in-process queue alone holds, which
 * is all a single instance needs. Keys are `<channel>/<conversation id>`.
 */
export class TurnLock {
  private readonly local: KeyedQueue;
  /** Conversations whose Redis lock this process holds: a task queued from inside one runs at once (reentrant locks). */
  private readonly heldHere = new Set<string>();
  private readonly ttlMs: number;
  private readonly maxWaitMs: number;
  private readonly retryMs: number;

  constructor(
    private readonly link: RedisLink | undefined,
    private readonly logger: Logger,
    options: TurnLockOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 10_000;
    this.maxWaitMs = options.maxWaitMs ?? 60_000;
    this.retryMs = options.retryMs ?? 15;
    this.local = new KeyedQueue({ reentrant: options.reentrant ?? false });
  }

  /** Runs `task` once no other turn of `key` runs here or on another instance. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    if (!this.link) {
      turnLocks.inc({ scope: 'local' });
      return this.local.run(key, task);
    }
    return this.local.run(key, () => this.holdAcrossInstances(key, task));
  }

  /** Resolves once no turn is queued or running in this process. */
  idle(): Promise<void> {
    return this.local.idle();
  }

  private async holdAcrossInstances<T>(key: string, task: () => Promise<T>): Promise<T> {
    // The queue only starts the next task of a key after the last one released: held here means re-entered.
    if (this.heldHere.has(key)) return task();
    const release = await this.acquire(key);
    this.heldHere.add(key);
    try {
      return await task();
    } finally {
      this.heldHere.delete(key);
      await release();
    }
  }

  /** Redis is away: the in-process queue already holds the conversation, there is nothing to release. */
  private alone(): () => Promise<void> {
    turnLocks.inc({ scope: 'local' });
    return async () => undefined;
  }

  /** Waits for the lock; returns its release. Redis away: nothing to hold beyond this process. */
  private async acquire(key: string): Promise<() => Promise<void>> {
    const link = this.link!;
    const redis = link.client;
    const token = randomUUID();
    const keys = ['lock', 'queue', 'seen', 'ticket'].map((part) => link.key('turn', `{${key}}`, part)) as [string, string, string, string];
    const started = Date.now();
    for (;;) {
      if (!link.available) return this.alone();
      let taken: unknown;
      try {
        taken = await redis.eval(ACQUIRE, 4, ...keys, token, this.ttlMs, this.ttlMs);
      } catch {
        return this.alone();
      }
      if (taken === 1) break;
      if (Date.now() - started > this.maxWaitMs) {
        await redis.eval(LEAVE, 2, keys[1], keys[2], token).catch(() => undefined);
        throw new TurnLockTimeout(key, Date.now() - started);
      }
      await sleep(this.retryMs);
    }
    turnLocks.inc({ scope: 'shared' });
    const renewal = setInterval(() => {
      redis.eval(RENEW, 1, keys[0], token, this.ttlMs).then(
        (renewed) => {
          if (renewed !== 1) this.logger.warn({ conversation: key }, 'turn lock: lost while the turn ran (it outlived its lock)');
        },
        () => undefined,
      );
    }, Math.floor(this.ttlMs / 3));
    renewal.unref();
    return async () => {
      clearInterval(renewal);
      await redis.eval(RELEASE, 1, keys[0], token).catch(() => undefined);
    };
  }
}


function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
