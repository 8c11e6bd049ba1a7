import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { FaultSpec, type FaultInjector } from './faults';
import { renderConfirmation, renderOutbox } from './pages';
import type { SandboxStore } from './store';

/** Developer pages under /sandbox: demo accounts, the outbox, the email link, a rejection, reset and faults. */

export interface PagesRouterOptions {
  store: SandboxStore;
  faults: FaultInjector;
  logger: Logger;
  /** Exposes POST/DELETE /sandbox/faults; off unless a test or SANDBOX_FAULTS=1 asks for it. */
  faultEndpoint: boolean;
}

export function createPagesRouter({ store, faults, logger, faultEndpoint }: PagesRouterOptions): Router {
  const router = express.Router();

  router.get('/accounts', (_req, res) => {
    res.json(store.listAccounts());
  });

  router.get('/outbox', (req, res) => {
    const entries = store.listOutbox();
    res.set('Cache-Control', 'no-store');
    res.format({
      'text/html': () => res.type('html').send(renderOutbox(entries)),
      'application/json': () => res.json(entries),
      default: () => res.type('html').send(renderOutbox(entries)),
    });
  });

  router.get('/confirm/:token', (req, res) => {
    const { status, html } = renderConfirmation(store.confirmByToken(req.params.token));
    res.set('Cache-Control', 'no-store').status(status).type('html').send(html);
  });

  /** The wallet's risk review says no to an open request (the bot is told through the webhook). */
  router.post('/closure-requests/:requestId/reject', (req, res) => {
    const rejected = store.rejectClosureRequest(req.params.requestId);
    res.status(rejected ? 200 : 404).json({ rejected });
  });

  /** Puts the demo accounts back as seeded (closures, challenges and the outbox are wiped). */
  router.post('/reset', (_req, res) => {
    faults.clear();
    store.reset();
    logger.info('sandbox wallet reset');
    res.json({ reset: true, accounts: store.listAccounts() });
  });

  if (faultEndpoint) {
    router.post('/faults', express.json({ limit: '4kb' }), (req, res) => {
      const parsed = FaultSpec.safeParse(req.body);
      if (!parsed.success) {
        res.status(400).json({ error: { code: 'VALIDATION_ERROR', message: parsed.error.message } });
        return;
      }
      faults.inject(parsed.data);
      logger.warn({ operation: parsed.data.operation, kind: parsed.data.kind }, 'sandbox wallet fault injected');
      res.status(201).json({ pending: faults.pending(parsed.data.operation) });
    });
    router.delete('/faults', (_req, res) => {
      faults.clear();
      res.status(204).end();
    });
  }

  return router;
}
