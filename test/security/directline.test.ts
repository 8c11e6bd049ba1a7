import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { pino } from 'pino';
import { startServer, type RunningServer } from '../../src/server';
import { ECHO_SECRET, startEchoDirectLine, type EchoDirectLine } from '../support/directLineEchoServer';
import { upgradeStatus } from '../support/directLineNode';
import { createTestRuntime } from '../support/testRuntime';
import { startTestServer } from '../support/testServer';

/** Direct Line and the widget's public endpoints: malformed paths, limits, forwarded headers, streams, refusal logs. */
const lines: Record<string, unknown>[] = [];
let runtime: Awaited<ReturnType<typeof createTestRuntime>>;
let server: RunningServer;
let url: string;

beforeAll(async () => {
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  runtime = await createTestRuntime({ overrides: { logger } });
  server = await startServer(runtime, 0);
  url = server.url;
});

afterAll(async () => {
  await server.close();
  await runtime.close();
});

async function widgetToken(headers: Record<string, string> = {}, base = url) {
  return fetch(`${base}/api/widget/token`, { method: 'POST', headers });
}

async function conversation() {
  const { token } = (await (await widgetToken()).json()) as { token: string };
  const res = await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
  return (await res.json()) as { conversationId: string; token: string; streamUrl: string };
}

describe('malformed input', () => {
  it('answers a conversation id that is not UTF-8 with a 400, on REST and on the stream upgrade, logging one line', async () => {
    const { token } = await conversation();
    const before = lines.length;
    for (const method of ['GET', 'POST']) {
      const res = await fetch(`${url}/v3/directline/conversations/%ff%fe/activities`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: '{"type":"message","text":"hi"}' } : {}),
      });
      expect(res.status, method).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/UTF-8/);
    }
    expect(await upgradeStatus(`${url.replace('http', 'ws')}/v3/directline/conversations/%ff%fe/stream?t=${token}`)).toBe(400);
    const logged = lines.slice(before);
    expect(logged.length).toBeGreaterThanOrEqual(3);
    expect(logged.every((l) => l['level'] === 30 && !JSON.stringify(l).includes('"stack"'))).toBe(true);
  });

  it('refuses an activity nested 5,000 levels deep with a 400', async () => {
    const { conversationId, token } = await conversation();
    const res = await fetch(`${url}/v3/directline/conversations/${conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: `{"type":"message","text":"x","value":${'{"d":'.repeat(5000)}1${'}'.repeat(5000)}}`,
    });
    expect(res.status).toBe(400);
  });
});

describe('rate limits', () => {
  it('limits messages per Direct Line conversation', async () => {
    const { conversationId, token } = await conversation();
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) {
      const res = await fetch(`${url}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: '你好' }),
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        break;
      }
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true);
  });

  it('limits questions to /api/answer per client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 70 && !statuses.includes(429); i++) {
      const res = await fetch(`${url}/api/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '注销后能恢复吗' }) });
      statuses.push(res.status);
    }
    expect(statuses).toContain(429);
    expect(statuses.indexOf(429)).toBeGreaterThanOrEqual(20);
  });

  it('counts stream upgrades against the per-address limit (they bypass the HTTP middleware)', async () => {
    const limited = await startTestServer({ RATE_LIMIT_PER_MINUTE: '6' });
    try {
      const { token } = (await (await widgetToken({}, limited.url)).json()) as { token: string };
      const started = await fetch(`${limited.url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      const { streamUrl } = (await started.json()) as { streamUrl: string };
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push(await upgradeStatus(streamUrl));
      expect(statuses[0]).not.toBe(429);
      expect(statuses.slice(-2)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('does not believe X-Forwarded-For unless TRUST_PROXY names the proxy', async () => {
    const untrusting = await startTestServer();
    const trusting = await startTestServer({ TRUST_PROXY: 'loopback' });
    try {
      const spoofed: number[] = [];
      const forwarded: number[] = [];
      for (let i = 0; i < 25; i++) {
        spoofed.push((await widgetToken({ 'x-forwarded-for': `203.0.113.${i}` }, untrusting.url)).status);
        forwarded.push((await widgetToken({ 'x-forwarded-for': `203.0.113.${i}` }, trusting.url)).status);
      }
      expect(spoofed).toContain(429);
      expect(forwarded.every((s) => s === 200)).toBe(true);
    } finally {
      await untrusting.close();
      await trusting.close();
    }
  });
});

describe('streams', () => {
  let echo: EchoDirectLine;
  beforeAll(async () => {
    echo = await startEchoDirectLine({ keepAliveMs: 100 });
  });
  afterAll(async () => {
    await echo.close();
  });

  const start = async () => {
    const res = await fetch(`${echo.base}/v3/directline/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ECHO_SECRET}`, 'content-type': 'application/json' },
      body: '{}',
    });
    return (await res.json()) as { conversationId: string; streamUrl: string; token: string };
  };

  it('opens a stream URL once', async () => {
    const { streamUrl } = await start();
    const first = new WebSocket(streamUrl);
    await new Promise((resolve) => first.once('open', resolve));
    expect(await upgradeStatus(streamUrl)).toBe(403);
    first.close();
  });

  it("closes an open stream once its conversation's token expired without a refresh", async () => {
    const { conversationId, streamUrl, token } = await start();
    const ws = new WebSocket(streamUrl);
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    // A refresh keeps it open...
    const refreshed = await fetch(`${echo.base}/v3/directline/tokens/refresh`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(refreshed.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    // ...the token running out closes it.
    await echo.database.db
      .updateTable('directline_conversation')
      .set({ token_expires_at: Math.floor(Date.now() / 1000) - 1 })
      .where('id', '=', conversationId)
      .execute();
    expect(await closed).toBe(1008);
  });
});
