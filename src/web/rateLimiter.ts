import type { Request, RequestHandler, Response } from 'express';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Scaleout } from '../scaleout/scaleout';
import type { RedisLink } from '../scaleout/redisLink';

/** One named limit: `points` requests per `durationSeconds` for each key. */
export interface LimitSpec {
  name: string;
  points: number;
  durationSeconds: number;
}

export interface RateLimitsOptions {
  /** Shares every limit between instances; memory in this process when absent. */
  link?: RedisLink;
  /** Redis key prefix; the link's namespace when absent (tests give their own). */
  keyPrefix?: string;
}

/**
 * Every request limit of the bot, on rate-limiter-flexible: in memory, or in Redis when REDIS_URL is
 * set so instances share them. While Redis is away each limit counts in memory (never a 500).
 */
export class RateLimits {
  private readonly limiters = new Map<string, Limiter>();
  private readonly keyPrefix: string;

  constructor(private readonly options: RateLimitsOptions = {}) {
    this.keyPrefix = options.keyPrefix ?? options.link?.key('rate-limit') ?? 'rate-limit';
  }

  /** The limiter named `spec.name` (created on first use; the first spec given for a name wins). */
  limiter(spec: LimitSpec): Limiter {
    let limiter = this.limiters.get(spec.name);
    if (!limiter) {
      const memory = new RateLimiterMemory({ points: spec.points, duration: spec.durationSeconds, keyPrefix: spec.name });
      const link = this.options.link;
      const store: RateLimiterAbstract = link
        ? new RateLimiterRedis({
            storeClient: link.client,
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
};

const shared = new WeakMap<object, RateLimits>();

/** The rate limits of one runtime, created on first use (every router of the app shares them). */
export function rateLimitsFor(runtime: { scaleout?: Pick<Scaleout, 'link'> }): RateLimits {
  let limits = shared.get(runtime);
  if (!limits) {
    const link = runtime.scaleout?.link;
    limits = new RateLimits(link ? { link } : {});
    shared.set(runtime, limits);
  }
  return limits;
}
