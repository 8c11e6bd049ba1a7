import type { Request, RequestHandler, Response } from 'express';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../observability/logger';

/** One named limit: `points` requests per `durationSeconds` for each key. */
export interface LimitSpec {
  name: string;
  points: number;
  durationSeconds: number;
}

export interface RateLimitsOptions {
  /** Shares every limit between instances; memory in this process when absent. */
  redisUrl?: string;
  /** Redis key prefix, so several deployments (or tests) can share one Redis. */
  keyPrefix?: string;
  logger?: Logger;
}

/**
 * Every request limit of the bot, on rate-limiter-flexible: in memory, or in Redis when REDIS_URL is
 * set so instances share them. A Redis outage falls back to the in-memory limit (never a 500).
 */
export class RateLimits {
  private readonly limiters = new Map<string, Limiter>();
  private readonly redis: Redis | undefined;
  private readonly keyPrefix: string;

  constructor(private readonly options: RateLimitsOptions = {}) {
    this.keyPrefix = options.keyPrefix ?? 'wsb:rl';
    this.redis = options.redisUrl
      ? new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false })
      : undefined;
    this.redis?.on('error', (err: Error) => options.logger?.warn({ err: err.message }, 'rate limits: redis unavailable, limiting in memory'));
  }

  /** The limiter named `spec.name` (created on first use; the first spec given for a name wins). */
  limiter(spec: LimitSpec): Limiter {
    let limiter = this.limiters.get(spec.name);
    if (!limiter) {
      const memory = new RateLimiterMemory({ points: spec.points, duration: spec.durationSeconds, keyPrefix: spec.name });
      const store: RateLimiterAbstract = this.redis
        ? new RateLimiterRedis({
            storeClient: this.redis,
            points: spec.points,
            duration: spec.durationSeconds,
            keyPrefix: `${this.keyPrefix}:${spec.name}`,
            rejectIfRedisNotReady: true,
            insuranceLimiter: memory,
          })
        : memory;
      limiter = new Limiter(store);
      this.limiters.set(spec.name, limiter);
    }
    return limiter;
  }

  /** Resolves once Redis is connected (or after `timeoutMs`; until then limits are counted in memory). */
  async ready(timeoutMs = 1000): Promise<void> {
    const redis = this.redis;
    if (!redis || redis.status === 'ready') return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => redis.once('ready', () => resolve())),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  async close(): Promise<void> {
    if (this.redis && this.redis.status !== 'end') await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}

export class Limiter {
  constructor(private readonly store: RateLimiterAbstract) {}

  /** Counts one request for `key`; 0 when allowed, else the seconds to wait. */
  async take(key: string): Promise<number> {
    try {
      await this.store.consume(key);
      return 0;
    } catch (res) {
      if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      throw res;
    }
  }
}

/** Answers 429 with Retry-After and the reason, as JSON in the endpoint's own error shape. */
export type TooManyResponder = (res: Response, retryAfterSeconds: number) => void;

export const jsonTooMany =
  (message: string): TooManyResponder =>
  (res, retryAfterSeconds) => {
    res.set('Retry-After', String(retryAfterSeconds));
    res.status(429).json({ error: { status: 429, message } });
  };

/** Express middleware: one request against `limiter` for the key `keyOf` gives (skipped when it gives none). */
export function limitRequests(limiter: Limiter, keyOf: (req: Request) => string | undefined, tooMany: TooManyResponder): RequestHandler {
  return async (req, res, next) => {
    const key = keyOf(req);
    if (key === undefined) return next();
    const wait = await limiter.take(key);
    if (wait > 0) return tooMany(res, wait);
    next();
  };
}

/** The client's address: the socket's, or a forwarded one only when TRUST_PROXY trusts the hop. */
export const clientAddress = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/** The limit every public endpoint shares per client address, and the per-conversation message limit. */
export const LIMITS = {
  perClient: (perMinute: number): LimitSpec => ({ name: 'client', points: perMinute, durationSeconds: 60 }),
  perConversation: (perMinute: number): LimitSpec => ({ name: 'conversation', points: perMinute, durationSeconds: 60 }),
  widgetTokens: { name: 'widget-token', points: 20, durationSeconds: 60 } satisfies LimitSpec,
  answers: (perMinute: number): LimitSpec => ({ name: 'answer', points: perMinute, durationSeconds: 60 }),
  /** WeChat's servers push every follower's messages from a few addresses: a far larger budget. */
  wechat: { name: 'wechat', points: 3000, durationSeconds: 60 } satisfies LimitSpec,
  /** The wallet's webhook: one delivery per state change of a closure request. */
  walletWebhook: { name: 'wallet-webhook', points: 600, durationSeconds: 60 } satisfies LimitSpec,
};

const shared = new WeakMap<object, RateLimits>();

/** The rate limits of one runtime, created on first use (every router of the app shares them). */
export function rateLimitsFor(runtime: { config: { REDIS_URL?: string | undefined }; logger: Logger }): RateLimits {
  let limits = shared.get(runtime);
  if (!limits) {
    limits = new RateLimits({ ...(runtime.config.REDIS_URL ? { redisUrl: runtime.config.REDIS_URL } : {}), logger: runtime.logger });
    shared.set(runtime, limits);
  }
  return limits;
}
