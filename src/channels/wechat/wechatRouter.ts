import express from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { Logger } from '../../observability/logger';
import { WeChatRequestError, type WeChatChannel } from './wechatChannel';
import { wechatPushCounter } from './wechatMetrics';

/** WeChat pushes are a few hundred bytes; encrypted ones about a third more. */
export const WECHAT_BODY_LIMIT = '64kb';

export interface WeChatRouterOptions {
  logger: Logger;
  /** Requests per minute from one address: WeChat's servers send every follower's messages from a few addresses. */
  requestsPerMinute?: number;
  /** Shares the limit between instances; this process's own count stands in while Redis is unreachable. */
  redis?: Redis;
}

/**
 * GET and POST /wechat, thin over the channel: a body size limit, a rate limit per address, and a
 * 4xx with the reason for anything refused (nothing of a refused request is processed).
 */
export function wechatRouter(channel: WeChatChannel, options: WeChatRouterOptions): express.Router {
  const router = express.Router();
  const limit = { points: options.requestsPerMinute ?? 3000, duration: 60 };
  const local = new RateLimiterMemory(limit);
  const limiter = options.redis ? new RateLimiterRedis({ ...limit, storeClient: options.redis, keyPrefix: 'wechat-rate', insuranceLimiter: local }) : local;
  const refuse = (res: express.Response, err: unknown) => {
    if (err instanceof WeChatRequestError) {
      wechatPushCounter.inc({ outcome: `refused_${err.status}` });
      options.logger.warn({ status: err.status, reason: err.message }, 'wechat: request refused');
      res.status(err.status).type('text/plain').send(err.message);
      return;
    }
    options.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'wechat: request failed');
    res.status(500).type('text/plain').send('Internal error.');
  };

  router.use(async (req, res, next) => {
    try {
      await limiter.consume(req.ip ?? 'unknown');
      next();
    } catch {
      res.status(429).set('Retry-After', '60').type('text/plain').send('Too many requests.');
    }
  });

  router.get('/', (req, res) => {
    try {
      res.type('text/plain').send(channel.verifyUrl(req.query));
    } catch (err) {
      refuse(res, err);
    }
  });

  router.post('/', express.text({ type: () => true, limit: WECHAT_BODY_LIMIT }), async (req, res) => {
    if (typeof req.body !== 'string' || req.body.length === 0) {
      res.status(400).type('text/plain').send('The body must be WeChat XML.');
      return;
    }
    try {
      const answer = await channel.receive(req.query, req.body);
      // Customer-service messages go out once the passive reply is on its way, so they arrive after it.
      if (answer.afterResponse) res.once('finish', () => void answer.afterResponse?.());
      res.type(answer.contentType).send(answer.body);
    } catch (err) {
      refuse(res, err);
    }
  });

  router.use(((err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    res.status(status).type('text/plain').send(err?.type === 'entity.too.large' ? 'The body is too large.' : status < 500 ? 'Bad request.' : 'Internal error.');
  }) as express.ErrorRequestHandler);
  return router;
}
