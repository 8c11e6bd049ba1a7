import { Router } from 'express';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

/** One registry per process; counters are module-level so every part can count into them. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const turnsCounter = new Counter({
  name: 'bot_turns_total',
  help: 'Bot turns by channel and recognized intent',
  labelNames: ['channel', 'intent'] as const,
  registers: [registry],
});

export function metricsRouter(): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  });
  return router;
}
