import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { z } from 'zod';
import type { BotRuntime } from '../../src/bot/runtime';
import { SANDBOX_MOUNT_PATH } from '../../src/wallet/sandbox/sandboxWallet';

/**
 * Serves the runtime's in-process sandbox wallet over HTTP on a free port, the way the bot's server
 * does, so the wallet client talks real HTTP without the rest of the server. Conversation tests
 * drive the bot through TestAdapter and need only this.
 */
export interface SandboxServer {
  url: string;
  close(): Promise<void>;
}

export async function serveSandbox(runtime: BotRuntime): Promise<SandboxServer> {
  if (!runtime.sandbox) throw new Error('the runtime has no in-process sandbox (WALLET_API_URL is set)');
  const app = express();
  app.use(SANDBOX_MOUNT_PATH, runtime.sandbox.router);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  runtime.setListeningUrl(url);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const outboxEntrySchema = z.object({
  to: z.string(),
  kind: z.enum(['code', 'email']),
  text: z.string(),
  link: z.string().optional(),
  createdAt: z.string(),
});

/** Every one-time code the sandbox has texted, newest first. */
export function sentCodes(runtime: BotRuntime): string[] {
  return (runtime.sandbox?.store.listOutbox() ?? [])
    .filter((e) => e.kind === 'code')
    .map((e) => /\b(\d{6})\b/.exec(e.text)?.[1])
    .filter((c): c is string => c !== undefined);
}

/** The newest code texted to `phone` (any phone when omitted), as the person would read it from their SMS. */
export function latestCode(runtime: BotRuntime, phone?: string): string {
  const entry = (runtime.sandbox?.store.listOutbox() ?? []).find((e) => e.kind === 'code' && (!phone || e.to === phone));
  const code = entry && /\b(\d{6})\b/.exec(entry.text)?.[1];
  if (!code) throw new Error(`no code in the sandbox outbox${phone ? ` for ${phone}` : ''}`);
  return code;
}

/** A 6-digit code that is certainly wrong: every digit of the latest code shifted by one. */
export function wrongCode(code: string): string {
  return code.replace(/\d/g, (d) => String((Number(d) + 1) % 10));
}

/** The confirmation link of the newest email sent to `email`. */
export function latestEmailLink(runtime: BotRuntime, email: string): string {
  const entry = (runtime.sandbox?.store.listOutbox() ?? []).find((e) => e.kind === 'email' && e.to === email);
  if (!entry?.link) throw new Error(`no confirmation email in the sandbox outbox for ${email}`);
  return entry.link;
}
