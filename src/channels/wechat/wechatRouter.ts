import express from 'express';
import type { Logger } from '../../observability/logger';
import type { Limiter } from '../../web/rateLimiter';
import { WeChatRequestError, type WeChatChannel } from './wechatChannel';
import { wechatPushCounter } from './wechatMetrics';

/** WeChat pushes are a few hundred bytes; encrypted ones about a third more. */
export const WECHAT_BODY_LIMIT = '64kb';

export interface WeChatRouterOptions {
  logger: Logger;
  /** Requests from one address (the shared limiter: in Redis when configured). */
  limiter: Limiter;
}

/**
 * GET and POST /wechat, thin over the channel: a body size limit, a rate limit per address, and a
 * 4xx with the reason for anything refused (nothing of a refused request is processed).
 */
export function wechatRouter(channel: WeChatChannel, options: WeChatRouterOptions): express.Router {
  const router = express.Router();
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
    const wait = await options.limiter.take(req.ip ?? 'unknown');
    if (wait === 0) return next();
    res.status(429).set('Retry-After', String(wait)).type('text/plain').send('Too many requests.');
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
