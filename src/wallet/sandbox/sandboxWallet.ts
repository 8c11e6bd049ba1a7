import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Router } from 'express';
import { pino, type Logger } from 'pino';
import { createApiRouter } from './apiRouter';
import { openSandboxDatabase } from './database';
import { FaultInjector } from './faults';
import { createPagesRouter } from './pagesRouter';
import { DEFAULT_SANDBOX_SETTINGS, SandboxStore, type SandboxSettings } from './store';
import { WebhookSender, type WebhookTarget } from './webhookSender';

/** Where the sandbox lives in any app; the API is at `${SANDBOX_MOUNT_PATH}/wallet`. */
export const SANDBOX_MOUNT_PATH = '/sandbox';
export const SANDBOX_API_PATH = `${SANDBOX_MOUNT_PATH}/wallet`;

export interface SandboxWalletOptions extends Partial<SandboxSettings> {
  /** SQLite file of its own (e.g. `${dataDir}/sandbox-wallet.sqlite`), or ':memory:'. */
  dbFile: string;
  /** Origin people open the email link at (e.g. http://localhost:3978); a function is read per email. */
  publicBaseUrl: string | (() => string);
  /** Require this X-Api-Key on API calls (the same value as the bot's WALLET_API_KEY). */
  apiKey?: string;
  logger?: Logger;
  /** Expose POST/DELETE /sandbox/faults over HTTP. Tests can use `faults` directly instead. */
  faultEndpoint?: boolean;
  /** Clock override for tests. */
  now?: () => number;
  /** Where to tell of closure state changes (the bot's webhook); none are sent when absent. */
  webhook?: WebhookTarget;
}

export interface SandboxWallet {
  /** Mount at SANDBOX_MOUNT_PATH: serves /wallet/v1/..., /wallet/openapi.json, /accounts, /outbox, /confirm/:token. */
  router: Router;
  store: SandboxStore;
  faults: FaultInjector;
  /** The webhook's sender, when one is configured. */
  webhooks?: WebhookSender;
  close(): void;
}

export function createSandboxWallet(options: SandboxWalletOptions): SandboxWallet {
  const logger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'sandbox-wallet' });
  const settings: SandboxSettings = {
    codeTtlMs: options.codeTtlMs ?? DEFAULT_SANDBOX_SETTINGS.codeTtlMs,
    resendCooldownMs: options.resendCooldownMs ?? DEFAULT_SANDBOX_SETTINGS.resendCooldownMs,
    maxAttempts: options.maxAttempts ?? DEFAULT_SANDBOX_SETTINGS.maxAttempts,
    lockoutMs: options.lockoutMs ?? DEFAULT_SANDBOX_SETTINGS.lockoutMs,
    maxAccountFailures: options.maxAccountFailures ?? DEFAULT_SANDBOX_SETTINGS.maxAccountFailures,
    maxCodesPerAccount: options.maxCodesPerAccount ?? DEFAULT_SANDBOX_SETTINGS.maxCodesPerAccount,
    codeWindowMs: options.codeWindowMs ?? DEFAULT_SANDBOX_SETTINGS.codeWindowMs,
    tokenTtlMs: options.tokenTtlMs ?? DEFAULT_SANDBOX_SETTINGS.tokenTtlMs,
    processingDelayMs: options.processingDelayMs ?? DEFAULT_SANDBOX_SETTINGS.processingDelayMs,
  };
  const base = () =>
    (typeof options.publicBaseUrl === 'function' ? options.publicBaseUrl() : options.publicBaseUrl).replace(/\/+$/, '');
  const db = openSandboxDatabase(options.dbFile);
  const store = new SandboxStore(
    db,
    settings,
    logger,
    (token) => `${base()}${SANDBOX_MOUNT_PATH}/confirm/${encodeURIComponent(token)}`,
    options.now,
  );
  const faults = new FaultInjector();
  const webhooks = options.webhook ? new WebhookSender(options.webhook, logger) : undefined;
  if (webhooks) store.onStatusChange((change) => webhooks.send(change));

  const router = express.Router();
  router.use('/wallet', createApiRouter({ store, faults, logger, ...(options.apiKey ? { apiKey: options.apiKey } : {}) }));
  router.use(createPagesRouter({ store, faults, logger, faultEndpoint: options.faultEndpoint ?? false }));

  return {
    router,
    store,
    faults,
    ...(webhooks ? { webhooks } : {}),
    close: () => {
      faults.clear();
      store.close();
    },
  };
}

/** Creates the sandbox and mounts it at /sandbox; shared by the bot's server and the standalone runner. */
export function mountSandboxWallet(app: express.Express, options: SandboxWalletOptions): SandboxWallet {
  const sandbox = createSandboxWallet(options);
  app.use(SANDBOX_MOUNT_PATH, sandbox.router);
  return sandbox;
}

/**
 * Serves a sandbox alone on a free loopback port, for a process that has no HTTP server of its own
 * (`npm run chat`, tests): the wallet client only speaks HTTP.
 */
export async function listenSandboxWallet(sandbox: SandboxWallet): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.use(SANDBOX_MOUNT_PATH, sandbox.router);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
