import express, { type Router } from 'express';
import type { Logger } from '../observability/logger';
import { clientAddress, jsonTooMany, limitRequests, type Limiter } from '../web/rateLimiter';
import { ClosureStatusEvent, WEBHOOK_SIGNATURE_HEADER } from '../wallet/schemas';
import { webhookSignatureValid } from '../wallet/webhookSignature';
import type { ClosureNotifier } from './closureNotifier';

/** Where the wallet POSTs closure state changes (the OpenAPI document's `closureStatusChanged` webhook). */
export const WALLET_WEBHOOK_PATH = '/api/wallet/webhook';

/** An event is a few hundred bytes. */
const BODY_LIMIT = '4kb';

export interface WalletWebhookDeps {
  secret: string;
  notifier: ClosureNotifier;
  limiter: Limiter;
  logger: Logger;
}

/**
 * The wallet's webhook: the raw body's signature is checked before anything is read from it (401
 * and nothing done otherwise), then the body is parsed and handed to the notifier.
 */
export function walletWebhookRouter({ secret, notifier, limiter, logger }: WalletWebhookDeps): Router {
  const router = express.Router();
  router.post(
    '/',
    limitRequests(limiter, clientAddress, jsonTooMany('Too many webhook deliveries; retry later.')),
    express.raw({ type: () => true, limit: BODY_LIMIT }),
    async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      if (!webhookSignatureValid(secret, body, req.get(WEBHOOK_SIGNATURE_HEADER))) {
        logger.warn({ from: clientAddress(req) }, 'wallet webhook: missing or wrong signature');
        res.status(401).json({ error: { status: 401, message: 'Missing, wrong or stale signature.' } });
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const event = ClosureStatusEvent.safeParse(json);
      if (!event.success) {
        res.status(400).json({ error: { status: 400, message: 'Not a closure status event.' } });
        return;
      }
      const outcome = await notifier.observe(event.data.requestId, event.data.status, 'webhook');
      logger.debug({ requestId: event.data.requestId, status: event.data.status, outcome }, 'wallet webhook');
      res.status(204).end();
    },
  );
  return router;
}
