import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { WalletClient, type WalletClientOptions } from '../../src/wallet/client';
import { mountSandboxWallet, SANDBOX_API_PATH, type SandboxWallet, type SandboxWalletOptions } from '../../src/wallet/sandbox/sandboxWallet';

/** A real HTTP server on a free port with the sandbox wallet mounted, for the wallet tests. */

export interface TestWallet {
  url: string;
  apiBase: string;
  sandbox: SandboxWallet;
  client(options?: Partial<WalletClientOptions>): WalletClient;
  /** The newest code texted to `phone`, read from the outbox JSON like a person would read their SMS. */
  latestCode(phone: string): Promise<string>;
  /** The newest email sent to `email`. */
  latestEmail(email: string): Promise<OutboxEntry>;
  close(): Promise<void>;
}

const OutboxEntry = z.object({
  to: z.string(),
  kind: z.enum(['code', 'email']),
  text: z.string(),
  link: z.string().optional(),
  createdAt: z.string(),
});
type OutboxEntry = z.infer<typeof OutboxEntry>;

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

  const outbox = async (): Promise<OutboxEntry[]> => {
    const res = await fetch(`${url}/sandbox/outbox`, { headers: { accept: 'application/json' } });
    return z.array(OutboxEntry).parse(await res.json());
  };

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
    latestCode: async (phone) => {
      const entry = (await outbox()).find((e) => e.kind === 'code' && e.to === phone);
      const code = entry?.text.match(/\b(\d{6})\b/)?.[1];
      if (!code) throw new Error(`no code in the outbox for ${phone}`);
      return code;
    },
    latestEmail: async (email) => {
      const entry = (await outbox()).find((e) => e.kind === 'email' && e.to === email);
      if (!entry) throw new Error(`no email in the outbox for ${email}`);
      return entry;
    },
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
