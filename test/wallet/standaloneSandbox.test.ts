import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskPhone } from '../../src/observability/logger';
import { Conversation, textOf } from '../support/conversation';
import { codeIn, fetchDemoAccounts, fetchLatestCode, fetchLatestEmail, fetchOutbox } from '../support/sandboxServer';
import { spawnNpmScript, stopNpmScript } from '../support/npmScript';
import { tempDataDir } from '../support/testRuntime';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * `npm run wallet-sandbox` on its own port serves the same paths as the in-process sandbox, and
 * `WALLET_API_URL=http://host:port/sandbox/wallet` points a bot at it.
 */

let sandbox: ChildProcess;
let origin: string;
let apiUrl: string;
const data = tempDataDir();

/** Starts `npm run wallet-sandbox` and waits for its "listening" log line. */
function startStandalone(): Promise<{ api: string; origin: string }> {
  sandbox = spawnNpmScript('wallet-sandbox', { PORT: '0', HOST: '127.0.0.1', DATA_DIR: data.dir, LOG_LEVEL: 'info' }, ['ignore', 'pipe', 'pipe']);
  let stderr = '';
  sandbox.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the sandbox did not start: ${stderr}`)), 30_000);
    sandbox.once('exit', (code) => reject(new Error(`the sandbox exited (${code}): ${stderr}`)));
    createInterface({ input: sandbox.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; api?: string };
      if (entry.msg !== 'sandbox wallet listening' || !entry.api) return;
      clearTimeout(timer);
      resolve({ api: entry.api, origin: new URL(entry.api).origin });
    });
  });
}

beforeAll(async () => {
  ({ api: apiUrl, origin } = await startStandalone());
});

afterAll(async () => {
  await stopNpmScript(sandbox);
  data.remove();
});

describe('the standalone sandbox wallet (npm run wallet-sandbox)', () => {
  it('serves the API, the OpenAPI document, the demo accounts and the outbox at the in-process paths', async () => {
    expect(apiUrl).toBe(`${origin}/sandbox/wallet`);
    const openapi = (await (await fetch(`${apiUrl}/openapi.json`)).json()) as { servers: { url: string }[] };
    expect(openapi.servers[0]!.url).toMatch(/\/sandbox\/wallet$/);

    const accounts = await fetchDemoAccounts(origin);
    const scenarios = new Set(accounts.map((a) => a.scenario));
    for (const s of ['closable', 'balance-left', 'pending-transaction', 'linked-accounts']) expect(scenarios).toContain(s);

    const res = await fetch(`${apiUrl}/v1/identity/challenges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountRef: accounts[0]!.phone }),
    });
    expect(res.status).toBe(201);
    const [sms] = await fetchOutbox(origin);
    expect(sms).toMatchObject({ to: accounts[0]!.phone, kind: 'code' });
    expect(codeIn(sms!.text)).toMatch(/^\d{6}$/);

    const page = await fetch(`${origin}/sandbox/outbox`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });

  describe('a bot with WALLET_API_URL pointing at it', () => {
    let bot: TestServer;
    beforeAll(async () => {
      bot = await startTestServer({ WALLET_API_URL: apiUrl });
    });
    afterAll(async () => {
      await bot.close();
    });

    it('uses it for the whole closure and mounts no sandbox of its own', async () => {
      expect(bot.runtime.sandbox).toBeUndefined();
      expect((await fetch(`${bot.url}/sandbox/accounts`)).status).toBe(404);

      const account = (await fetchDemoAccounts(origin)).find((a) => a.scenario === 'closable')!;
      const chat = new Conversation(bot.runtime);
      await chat.say('close my account');
      await chat.tap('Continue');
      expect(textOf(await chat.say(account.email))).toContain(maskPhone(account.phone));
      expect(textOf(await chat.say(await fetchLatestCode(origin, account.phone)))).toContain('Do you agree');
      expect(textOf(await chat.tap('Agree and submit'))).toContain('Your closure request');

      const email = await fetchLatestEmail(origin, account.email);
      expect(email.link!.startsWith(`${origin}/sandbox/confirm/`)).toBe(true);
      expect((await fetch(email.link!)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 2500)); // the sandbox's default processing delay is 2 s
      expect(textOf(await chat.say('status of my closure'))).toContain('the account is closed');
    });
  });
});
