import express, { type Router } from 'express';
import { openCors } from '../channels/directline/cors';
import type { DirectLineChannel } from '../channels/directline/directLineChannel';
import { DirectLineError, sendError } from '../channels/directline/errors';
import { newConversationId, newUserId } from '../channels/directline/ids';
import { RateLimiter } from './rateLimiter';

export interface WidgetTokenOptions {
  /** Tokens one IP may get per window. */
  limit?: number;
  windowMs?: number;
}

/**
 * `POST /api/widget/token`: a Direct Line token for a new conversation, so the page never holds
 * the secret. The conversation starts when the widget opens it; the token names its own user.
 */
export function widgetTokenRouter(channel: DirectLineChannel, options: WidgetTokenOptions = {}): Router {
  const router = express.Router();
  const limiter = new RateLimiter(options.limit ?? 20, options.windowMs ?? 60_000);
  router.use('/token', openCors('POST, OPTIONS'));
  router.post('/token', async (req, res) => {
    const wait = limiter.take(req.ip ?? 'unknown');
    if (wait > 0) {
      res.set('Retry-After', String(wait));
      sendError(res, new DirectLineError(429, 'TooManyRequests', 'Too many chat sessions from this address; try again shortly.'));
      return;
    }
    const conversationId = newConversationId();
    const { token, expiresIn } = await channel.tokens.issue(conversationId, newUserId());
    res.set('Cache-Control', 'no-store');
    res.json({ token, expires_in: expiresIn, conversationId });
  });
  return router;
}
