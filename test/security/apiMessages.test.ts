import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackUrl } from '../../src/channels/botframework/loopback';
import { verifyForClosureZh } from '../support/closureScript';
import { fetchDemoAccounts, type DemoAccountJson } from '../support/sandboxServer';
import { startTestServer, type TestServer } from '../support/testServer';
import { DirectLineRestChat, EmulatorChat, emulatorActivity, postToBot, startConnector, type Connector } from './clients';

/**
 * /api/messages without credentials (Emulator mode) must never act in a Direct Line conversation,
 * whatever channelId and conversation id it claims, nor call a host it is told to.
 */
let app: TestServer;
let attacker: Connector;
let accounts: DemoAccountJson[];

beforeAll(async () => {
  app = await startTestServer();
  attacker = await startConnector();
  accounts = await fetchDemoAccounts(app.url);
});

afterAll(async () => {
  await attacker.close();
  await app.close();
});

const closable = (index: number) => accounts.filter((a) => a.scenario === 'closable')[index]!;

describe('unauthenticated /api/messages', () => {
  it("cannot file the closure of a widget user who just verified, whatever channelId it claims", async () => {
    const account = closable(0);
    const widget = new DirectLineRestChat(app.url);
    await widget.start();
    await verifyForClosureZh(widget, account, app.url);
    const before = await widget.activities();

    for (const channelId of ['directline', 'DirectLine', 'webchat', 'emulator', 'wechat']) {
      const res = await postToBot(
        app.url,
        emulatorActivity(widget.conversationId, attacker.serviceUrl, {
          channelId,
          text: '同意并提交',
          value: { action: 'choice', choice: 'agree' },
        }),
      );
      expect(res.status).toBeLessThan(500);
    }

    expect(app.runtime.sandbox!.store.countClosureRequests(account.accountId)).toBe(0);
    expect(attacker.texts()).not.toContain(account.email.slice(1));
    expect(attacker.texts()).not.toMatch(/\*\*\*@/);
    // The widget user's conversation is untouched, and their own tap still files it.
    expect(await widget.activities()).toHaveLength(before.length);
    const filed = await widget.tap('同意并提交');
    expect(filed.text).toContain('申请编号');
    expect(app.runtime.sandbox!.store.countClosureRequests(account.accountId)).toBe(1);
  });

  it('refuses a serviceUrl that is not this machine, before calling it', async () => {
    for (const serviceUrl of [
      'http://attacker.example:8080/hook',
      'http://10.0.0.7/',
      'http://169.254.169.254/latest/meta-data/',
      'http://127.0.0.1@attacker.example/',
      'http://localhost.attacker.example/',
      'http://[::ffff:10.0.0.1]/',
      'file:///etc/passwd',
    ]) {
      const res = await postToBot(app.url, emulatorActivity(`c-${Math.random()}`, serviceUrl, { text: 'hi' }));
      expect(res.status, serviceUrl).toBe(400);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message.length).toBeGreaterThan(0);
    }
  });

  it('answers an unreachable loopback serviceUrl with a 4xx that does not leak botbuilder errors', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const res = await postToBot(app.url, emulatorActivity(`c-${Math.random()}`, `http://127.0.0.1:${port}`, { text: 'hello' }));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const text = await res.text();
    expect(text).not.toMatch(/ECONNREFUSED|fetch failed|at .*\.js|127\.0\.0\.1/);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('refuses malformed activities with a reason: too deep, a locale that is not a string', async () => {
    const shell = JSON.stringify(emulatorActivity('deep', attacker.serviceUrl, { value: 'DEEP' }));
    const nested = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: shell.replace('"DEEP"', `${'{"d":'.repeat(5000)}1${'}'.repeat(5000)}`),
    });
    expect(nested.status).toBe(400);
    for (const locale of [42, { en: true }, ['en'], 'not a locale!']) {
      const res = await postToBot(app.url, emulatorActivity('loc', attacker.serviceUrl, { locale }));
      expect(res.status, JSON.stringify(locale)).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('locale');
    }
  });

  it('runs 20 concurrent "agree" taps of one Emulator conversation one at a time: one request, one "filed"', async () => {
    const emulator = await startConnector();
    const account = closable(4);
    const chat = new EmulatorChat(app.url, emulator);
    await verifyForClosureZh(chat, account, app.url);
    const agree = chat.tapFields('同意并提交');
    const before = emulator.received.length;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => postToBot(app.url, emulatorActivity(chat.conversationId, emulator.serviceUrl, agree))),
    );
    for (const res of responses) expect(res.status).toBeLessThan(500);
    const filed = emulator.received.slice(before).filter((r) => (r.activity.text ?? '').includes('申请编号'));
    expect(filed).toHaveLength(1);
    expect(app.runtime.sandbox!.store.countClosureRequests(account.accountId)).toBe(1);
    expect(emulator.received.every((r) => r.activity.channelId === 'emulator')).toBe(true);
    await emulator.close();
  });
});

describe('isLoopbackUrl', () => {
  it('accepts only this machine', () => {
    for (const url of ['http://127.0.0.1:9000', 'http://localhost:3978/x', 'https://127.8.9.10', 'http://[::1]:80/']) expect(isLoopbackUrl(url), url).toBe(true);
    for (const url of ['http://127.0.0.1.nip.io', 'http://user:pw@127.0.0.1', 'ftp://127.0.0.1', 'http://2130706433.example', 'http://0.0.0.0', 'nonsense']) {
      expect(isLoopbackUrl(url), url).toBe(false);
    }
  });
});

describe('/api/messages with Bot Framework credentials', () => {
  let secured: TestServer;
  let channel: Connector;
  let deadPort: number;

  beforeAll(async () => {
    const dead = http.createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    deadPort = (dead.address() as AddressInfo).port;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    secured = await startTestServer({
      MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001',
      MICROSOFT_APP_PASSWORD: 'not-a-real-password',
      // Signing keys cannot be fetched: the metadata points at a closed local port.
      BOT_OPENID_METADATA_URL: `http://127.0.0.1:${deadPort}/.well-known/openid-configuration`,
    });
    channel = await startConnector();
  });

  afterAll(async () => {
    await channel.close();
    await secured.close();
  });

  const forged = (claims: Record<string, unknown>) =>
    [Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k1', typ: 'JWT' })), Buffer.from(JSON.stringify(claims)), Buffer.from('sig')]
      .map((b) => b.toString('base64url'))
      .join('.');

  it('answers 401 to a missing, malformed or unverifiable token, and does nothing', async () => {
    const now = Math.floor(Date.now() / 1000);
    const headers: Record<string, string>[] = [
      {},
      { authorization: 'Bearer' },
      { authorization: 'Bearer not.a.jwt' },
      { authorization: 'Basic Zm9vOmJhcg==' },
      { authorization: `Bearer ${forged({ iss: 'https://api.botframework.com', aud: '00000000-0000-0000-0000-000000000001', exp: now + 600, nbf: now - 10 })}` },
      {
        authorization: `Bearer ${forged({ iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/', aud: '00000000-0000-0000-0000-000000000001', appid: 'x', ver: '1.0', exp: now + 600 })}`,
      },
    ];
    for (const h of headers) {
      const res = await postToBot(secured.url, emulatorActivity('secured', channel.serviceUrl, { channelId: 'msteams', text: 'hi' }), h);
      expect(res.status, JSON.stringify(h)).toBe(401);
      expect(await res.text()).not.toMatch(/ECONNREFUSED|stack|\.js:/);
    }
    expect(channel.received).toHaveLength(0);
    expect((await fetch(`${secured.url}/healthz`)).status).toBe(200);
  });
});
