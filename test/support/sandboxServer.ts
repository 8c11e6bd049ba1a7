import { z } from 'zod';
import type { BotRuntime } from '../../src/bot/runtime';
import { listenSandboxWallet } from '../../src/wallet/sandbox/sandboxWallet';

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
  const served = await listenSandboxWallet(runtime.sandbox);
  runtime.setListeningUrl(served.url);
  return served;
}

const outboxEntrySchema = z.object({
  to: z.string(),
  kind: z.enum(['code', 'email']),
  text: z.string(),
  link: z.string().optional(),
  createdAt: z.string(),
});
export type OutboxEntryJson = z.infer<typeof outboxEntrySchema>;

/** GET /sandbox/outbox as JSON (newest first), the way a developer's script reads it. */
export async function fetchOutbox(origin: string): Promise<OutboxEntryJson[]> {
  const res = await fetch(`${origin}/sandbox/outbox`, { headers: { accept: 'application/json' } });
  if (!res.headers.get('content-type')?.startsWith('application/json')) throw new Error(`the outbox answered ${res.headers.get('content-type')}, not JSON`);
  return z.array(outboxEntrySchema).parse(await res.json());
}

const demoAccountSchema = z.object({
  accountId: z.string().regex(/^W\d{8}$/),
  phone: z.string().regex(/^1\d{10}$/),
  email: z.email(),
  scenario: z.string(),
});
export type DemoAccountJson = z.infer<typeof demoAccountSchema>;

/** GET /sandbox/accounts: the demo accounts as the README tells people to find them. */
export async function fetchDemoAccounts(origin: string): Promise<DemoAccountJson[]> {
  const res = await fetch(`${origin}/sandbox/accounts`);
  return z.array(demoAccountSchema).parse(await res.json());
}

/** The one-time code in a texted message, as the person reads it off their phone. */
export function codeIn(text: string): string | undefined {
  return /\b(\d{6})\b/.exec(text)?.[1];
}

/** The newest code texted to `phone`, read from the outbox JSON as the person reads their SMS. */
export async function fetchLatestCode(origin: string, phone: string): Promise<string> {
  const sms = (await fetchOutbox(origin)).find((e) => e.kind === 'code' && e.to === phone);
  const code = sms && codeIn(sms.text);
  if (!code) throw new Error(`no code for ${phone} in the outbox at ${origin}`);
  return code;
}

/** The newest email sent to `email`, read from GET /sandbox/outbox as JSON. */
export async function fetchLatestEmail(origin: string, email: string): Promise<OutboxEntryJson> {
  const entry = (await fetchOutbox(origin)).find((e) => e.kind === 'email' && e.to === email);
  if (!entry) throw new Error(`no email for ${email} in the outbox at ${origin}`);
  return entry;
}

/** Every one-time code the sandbox has texted, newest first. */
export function sentCodes(runtime: BotRuntime): string[] {
  return (runtime.sandbox?.store.listOutbox() ?? [])
    .filter((e) => e.kind === 'code')
    .map((e) => codeIn(e.text))
    .filter((c): c is string => c !== undefined);
}

/** The newest code texted to `phone` (any phone when omitted), as the person would read it from their SMS. */
export function latestCode(runtime: BotRuntime, phone?: string): string {
  const entry = (runtime.sandbox?.store.listOutbox() ?? []).find((e) => e.kind === 'code' && (!phone || e.to === phone));
  const code = entry && codeIn(entry.text);
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
