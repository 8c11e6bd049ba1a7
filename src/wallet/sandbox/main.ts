import http from 'node:http';
import path from 'node:path';
import express from 'express';
import { z } from 'zod';
import { createLogger } from '../../observability/logger';
import { mountSandboxWallet, SANDBOX_API_PATH } from './sandboxWallet';

/**
 * `npm run wallet-sandbox`: the sandbox wallet on its own port, at the same paths as in-process,
 * so `WALLET_API_URL=http://host:PORT/sandbox/wallet` points a bot at it.
 */

const blankAsUndefined = (v: unknown) => (v === '' ? undefined : v);
const env = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3979),
    HOST: z.string().default('0.0.0.0'),
    PUBLIC_URL: z.preprocess(blankAsUndefined, z.url().optional()),
    DATA_DIR: z.string().default('./data'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Same variable as the bot's: when set, callers must send it as X-Api-Key. */
    WALLET_API_KEY: z.preprocess(blankAsUndefined, z.string().optional()),
    SANDBOX_DB_FILE: z.preprocess(blankAsUndefined, z.string().optional()),
    /** The bot's closure-status webhook (e.g. http://localhost:3978/api/wallet/webhook) and the secret both sides share. */
    WALLET_WEBHOOK_URL: z.preprocess(blankAsUndefined, z.url().optional()),
    WALLET_WEBHOOK_SECRET: z.preprocess(blankAsUndefined, z.string().min(32).optional()),
    /** 1 exposes POST /sandbox/faults for black-box fault tests; never on a shared host. */
    SANDBOX_FAULTS: z.enum(['0', '1']).default('0'),
  })
  .refine((e) => (e.WALLET_WEBHOOK_URL === undefined) === (e.WALLET_WEBHOOK_SECRET === undefined), {
    message: 'WALLET_WEBHOOK_URL and WALLET_WEBHOOK_SECRET go together',
  })
  .parse(process.env);

const logger = createLogger(env.LOG_LEVEL);
const app = express();
app.disable('x-powered-by');
app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});

const server = http.createServer(app);
let publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
const sandbox = mountSandboxWallet(app, {
  dbFile: env.SANDBOX_DB_FILE ?? path.join(path.resolve(env.DATA_DIR), 'sandbox-wallet.sqlite'),
  publicBaseUrl: () => publicUrl,
  logger,
  faultEndpoint: env.SANDBOX_FAULTS === '1',
  ...(env.WALLET_API_KEY ? { apiKey: env.WALLET_API_KEY } : {}),
  ...(env.WALLET_WEBHOOK_URL && env.WALLET_WEBHOOK_SECRET ? { webhook: { url: env.WALLET_WEBHOOK_URL, secret: env.WALLET_WEBHOOK_SECRET } } : {}),
});

server.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  if (!env.PUBLIC_URL && address && typeof address === 'object') publicUrl = `http://localhost:${address.port}`;
  logger.info(
    { api: `${publicUrl}${SANDBOX_API_PATH}`, outbox: `${publicUrl}/sandbox/outbox`, accounts: `${publicUrl}/sandbox/accounts` },
    'sandbox wallet listening',
  );
});

function shutdown(): void {
  server.closeAllConnections();
  server.close(() => {
    sandbox.close();
    process.exit(0);
  });
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
