import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../../observability/logger';
import type { Database } from '../../storage/database';

/** A token is replaced this long before WeChat says it expires (the next fetch overlaps the old one by 5 minutes). */
const REFRESH_MARGIN_MS = 5 * 60_000;

const tokenResponseSchema = z.union([
  z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() }),
  z.object({ errcode: z.number().int(), errmsg: z.string().optional() }),
]);

export class WeChatApiError extends Error {
  constructor(
    readonly errcode: number,
    errmsg: string,
  ) {
    super(`WeChat API error ${errcode}: ${errmsg}`);
  }
}

export interface AccessTokenOptions {
  apiBaseUrl: string;
  appId: string;
  appSecret: string;
  db: Database;
  redis?: Redis;
  logger: Logger;
  now?: () => number;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

/**
 * The Official Account's access token, shared by every instance: each fetch invalidates the token
 * before it, so it is fetched once, kept in the database (and Redis when configured) until shortly
 * before it expires, and fetched again only then or when WeChat says it is invalid.
 */
export class AccessTokenCache {
  private cached: CachedToken | undefined;
  private fetching: Promise<CachedToken> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: AccessTokenOptions) {
    this.now = options.now ?? Date.now;
  }

  private get redisKey(): string {
    return `wechat:access-token:${this.options.appId}`;
  }

  /** A valid token, from memory, Redis, the database, or WeChat, in that order. */
  async get(): Promise<string> {
    if (this.usable(this.cached)) return this.cached.token;
    const shared = await this.readShared();
    if (this.usable(shared)) {
      this.cached = shared;
      return shared.token;
    }
    this.fetching ??= this.fetchAndStore().finally(() => {
      this.fetching = undefined;
    });
    return (await this.fetching).token;
  }

  /** WeChat refused `token` (40001, 42001): forget it, unless another instance has already replaced it. */
  async invalidate(token: string): Promise<void> {
    if (this.cached?.token === token) this.cached = undefined;
    await this.options.db.deleteFrom('wechat_access_token').where('app_id', '=', this.options.appId).where('token', '=', token).execute();
    const redis = this.options.redis;
    if (redis && (await redis.get(this.redisKey).catch(() => null))?.startsWith(`${token} `)) await redis.del(this.redisKey).catch(() => undefined);
  }

  private usable(token: CachedToken | undefined): token is CachedToken {
    return token !== undefined && token.expiresAt - REFRESH_MARGIN_MS > this.now();
  }

  private async readShared(): Promise<CachedToken | undefined> {
    const { redis, db, appId } = this.options;
    if (redis) {
      const value = await redis.get(this.redisKey).catch(() => null);
      const [token, expiresAt] = value?.split(' ') ?? [];
      if (token && expiresAt) return { token, expiresAt: Number(expiresAt) };
    }
    const row = await db.selectFrom('wechat_access_token').select(['token', 'expires_at']).where('app_id', '=', appId).executeTakeFirst();
    return row ? { token: row.token, expiresAt: Number(row.expires_at) } : undefined;
  }

  private async fetchAndStore(): Promise<CachedToken> {
    const { apiBaseUrl, appId, appSecret, db, redis, logger } = this.options;
    const url = new URL('/cgi-bin/token', apiBaseUrl);
    url.search = new URLSearchParams({ grant_type: 'client_credential', appid: appId, secret: appSecret }).toString();
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    const body = tokenResponseSchema.safeParse(await res.json().catch(() => undefined));
    if (!body.success) throw new Error(`WeChat's token endpoint answered ${res.status} with an unexpected body.`);
    if ('errcode' in body.data) {
      logger.error({ errcode: body.data.errcode, api: '/cgi-bin/token' }, 'wechat: access token refused');
      throw new WeChatApiError(body.data.errcode, body.data.errmsg ?? '');
    }
    const fresh = { token: body.data.access_token, expiresAt: this.now() + body.data.expires_in * 1000 };
    await db
      .insertInto('wechat_access_token')
      .values({ app_id: appId, token: fresh.token, expires_at: fresh.expiresAt })
      .onConflict((oc) => oc.column('app_id').doUpdateSet({ token: fresh.token, expires_at: fresh.expiresAt }))
      .execute();
    if (redis) {
      await redis
        .set(this.redisKey, `${fresh.token} ${fresh.expiresAt}`, 'PX', Math.max(1000, fresh.expiresAt - this.now()))
        .catch((err: unknown) => logger.warn({ err: String(err) }, 'wechat: could not share the access token through Redis'));
    }
    this.cached = fresh;
    return fresh;
  }
}
