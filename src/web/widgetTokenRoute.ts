import express, { type Router } from 'express';
import { openCors } from '../channels/directline/cors';
import type { DirectLineChannel } from '../channels/directline/directLineChannel';
import { DirectLineError, sendError } from '../channels/directline/errors';
import { newConversationId, newUserId } from '../channels/directline/ids';
import { clientAddress, type Limiter } from './rateLimiter';

/**
 * `POST /api/widget/token`: a Direct Line token for a new conversation, so the page never holds
 * the secret. The conversation starts when the widget opens it; the token names its own user.
 */
export function widgetTokenRouter(channel: DirectLineChannel, limiter: Limiter): Router {
  const router = express.Router();
  router.use('/token', openCors('POST, OPTIONS'));
  router.post('/token', async (req, res) => {
    const wait = await limiter.take(clientAddress(req));
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
