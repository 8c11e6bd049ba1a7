import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Logger } from 'pino';
import { WalletClient, type WalletClientOptions } from '../../src/wallet/client';
import { mountSandboxWallet, SANDBOX_API_PATH, type SandboxWallet, type SandboxWalletOptions } from '../../src/wallet/sandbox/sandboxWallet';
import { fetchLatestCode, fetchLatestEmail, type OutboxEntryJson } from './sandboxServer';

/** A real HTTP server on a free port with the sandbox wallet mounted, for the wallet tests. */

export interface TestWallet {
  url: string;
  apiBase: string;
  sandbox: SandboxWallet;
  client(options?: Partial<WalletClientOptions>): WalletClient;
  /** The newest code texted to `phone`, read from the outbox JSON like a person would read their SMS. */
  latestCode(phone: string): Promise<string>;
  /** The newest email sent to `email`. */
  latestEmail(email: string): Promise<OutboxEntryJson>;
  close(): Promise<void>;
}

export async function startTestWallet(
  options: Partial<SandboxWalletOptions> = {},
  clientLogger?: Logger,
): Promise<TestWallet> {
  const app = express();
  const server = http.createServer(app);
  let url = '';
  const sandbox = mountSandboxWallet(app, {
    dbFile: ':memory:',
    publicBaseUrl: () => url,
    processingDelayMs: 100,
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const apiBase = `${url}${SANDBOX_API_PATH}`;

  return {
    url,
    apiBase,
    sandbox,
    client: (o = {}) =>
      new WalletClient({
        baseUrl: apiBase,
        timeoutMs: 2000,
        backoffBaseMs: 20,
        backoffMaxMs: 100,
        ...(clientLogger ? { logger: clientLogger } : {}),
        ...o,
      }),
    latestCode: (phone) => fetchLatestCode(url, phone),
    latestEmail: (email) => fetchLatestEmail(url, email),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      sandbox.close();
    },
  };
}

/** A verified session for a demo account, through the real API. */
export async function verifyDemo(wallet: TestWallet, client: WalletClient, n: number) {
  const phone = `138${String(n).padStart(8, '0')}`;
  const challenge = await client.createChallenge(phone);
  const session = await client.verifyChallenge(challenge.challengeId, await wallet.latestCode(phone));
  return { phone, email: `demo${n}@example.com`, session };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
