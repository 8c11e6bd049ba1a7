import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';
import { startConnector, type Connector } from './clients';

/**
 * A few hundred generated hostile requests against every public endpoint (seeded, so a failure
 * replays): no 5xx, no crash, and the server healthy afterwards.
 */
const REQUESTS = 400;
const SEED = 0x5eed10;

let app: TestServer;
let connector: Connector;
let token = '';
let conversationId = '';

beforeAll(async () => {
  app = await startTestServer({ RATE_LIMIT_PER_MINUTE: '100000' });
  connector = await startConnector();
  const minted = (await (await fetch(`${app.url}/api/widget/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
  token = minted.token;
  conversationId = minted.conversationId;
});

afterAll(async () => {
  await connector.close();
  await app.close();
});

/** mulberry32: small, seeded, good enough to pick among cases. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface HostileRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

function generate(rand: () => number): HostileRequest[] {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const deep = (n: number, open: string, close: string) => `${open.repeat(n)}1${close.repeat(n)}`;
  const values: readonly unknown[] = [
    null, 0, -1, 1e308, true, '', ' ', 'x'.repeat(30_000), '\u0000', '\ud800', '<script>alert(1)</script>', '../../etc/passwd',
    '%ff%fe', [], {}, [null], { __proto__: { admin: true } }, { constructor: { prototype: { x: 1 } } }, '13800000001', 'a@b.co', '123456',
  ];
  const activity = (): Record<string, unknown> => {
    const base: Record<string, unknown> = {
      type: pick(['message', 'event', 'invoke', 'conversationUpdate', 'typing', 'endOfConversation', 42, null, '']),
      text: pick(values),
      locale: pick(['zh-CN', 'en', 42, {}, ['en'], 'x'.repeat(100), '']),
      value: pick([{ action: 'choice', choice: 'agree' }, ...values]),
      channelId: pick(['directline', 'emulator', 'msteams', 'wechat', '', 7]),
      serviceUrl: pick([connector.serviceUrl, 'http://attacker.example/', 'http://169.254.169.254/', 'javascript:alert(1)', 42, '']),
      conversation: pick([{ id: conversationId }, { id: '' }, { id: 5 }, null, { id: 'x'.repeat(5000) }, { id: '%ff%fe' }]),
      from: pick([{ id: 'u' }, { id: '' }, null, 'u', { id: 'u', role: 'bot' }]),
      attachments: pick([undefined, [], [{ contentType: 'x', contentUrl: 'file:///etc/passwd' }], 'nope', [null]]),
      channelData: pick([undefined, { sensitiveInput: true }, 'str', [1], null]),
    };
    for (const key of Object.keys(base)) if (rand() < 0.25) delete base[key];
    return base;
  };
  const bodies = (): string | Buffer =>
    pick<() => string | Buffer>([
      () => JSON.stringify(activity()),
      () => JSON.stringify(activity()),
      () => JSON.stringify({ text: pick(values), locale: pick(['zh-CN', 'en', 3, null]) }),
      () => `{"type":"message","value":${deep(3000 + Math.floor(rand() * 3000), '{"a":', '}')}}`,
      () => deep(5000, '[', ']'),
      () => '{"type": "message", "text": "unterminated',
      () => Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      () => '',
      () => 'null',
      () => '[]',
      () => '"just a string"',
      () => `{"text":"${'长'.repeat(3000)}"}`,
      () => JSON.stringify({ accountRef: pick(values), code: pick(values) }),
      () => '{"__proto__":{"polluted":true},"type":"message","text":"hi"}',
    ])();
  const conv = () => pick([conversationId, encodeURIComponent(conversationId), '%ff%fe', '%', '..%2f..', 'x'.repeat(300), 'nope']);
  const endpoints: readonly (() => Pick<HostileRequest, 'method' | 'path'> & { upgrade?: boolean })[] = [
    () => ({ method: 'POST', path: '/api/messages' }),
    () => ({ method: 'POST', path: '/api/messages' }),
    () => ({ method: pick(['POST', 'GET', 'PUT']), path: '/api/answer' }),
    () => ({ method: pick(['POST', 'OPTIONS', 'GET']), path: '/api/widget/token' }),
    () => ({ method: 'POST', path: '/v3/directline/tokens/generate' }),
    () => ({ method: 'POST', path: '/v3/directline/tokens/refresh' }),
    () => ({ method: pick(['POST', 'GET']), path: '/v3/directline/conversations' }),
    () => ({ method: 'GET', path: `/v3/directline/conversations/${conv()}` }),
    () => ({ method: pick(['POST', 'GET']), path: `/v3/directline/conversations/${conv()}/activities${pick(['', '?watermark=-1', '?watermark=abc', '?watermark=%ff', '?watermark=99999999999999999999'])}` }),
    () => ({ method: 'POST', path: `/v3/directline/conversations/${conv()}/upload` }),
    () => ({ method: 'GET', path: `/v3/directline/conversations/${conv()}/stream?t=${pick([token, 'x', '%ff', ''])}&watermark=${pick(['1', '-5', '%ff', 'x'])}`, upgrade: true }),
    () => ({ method: pick(['POST', 'GET']), path: `/sandbox/wallet/v1/identity/challenges${pick(['', '/%ff/verify', '/ch_x/resend', '/ch_x/verify'])}` }),
    () => ({ method: 'GET', path: `/sandbox/wallet/v1/accounts/${pick(['W10000001', '%ff', '..'])}/closure-eligibility` }),
    () => ({ method: 'POST', path: `/sandbox/wallet/v1/accounts/${pick(['W10000001', '%ff'])}/closure-requests` }),
    () => ({ method: 'GET', path: `/sandbox/confirm/${pick(['x', '%ff%fe', 'a'.repeat(2000)])}` }),
    () => ({ method: 'GET', path: pick(['/', '/?lang=%ff', '/?lang[]=x', '/widget.js', '/webchat/webchat.js', '/metrics', '/sandbox/outbox', '/sandbox/accounts', '/assets/..%2f..%2fpackage.json', '/%ff', '/nothing/here']) }),
  ];
  const auth = () =>
    pick<Record<string, string>>([
      {},
      { authorization: `Bearer ${token}` },
      { authorization: `Bearer ${token}x` },
      { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJjb252IjoieCJ9.' },
      { authorization: `Basic ${'A'.repeat(4000)}` },
      { 'x-forwarded-for': '1.2.3.4, 5.6.7.8' },
      { 'x-api-key': 'guess' },
    ]);
  const contentTypes = ['application/json', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', ''];
  return Array.from({ length: REQUESTS }, () => {
    const { method, path, upgrade } = pick(endpoints)();
    const headers: Record<string, string> = {
      ...auth(),
      ...(upgrade ? { Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' } : {}),
    };
    const contentType = pick(contentTypes);
    if (contentType) headers['content-type'] = contentType;
    return { method, path, headers, ...(method === 'GET' || method === 'OPTIONS' ? {} : { body: bodies() }) };
  });
}

/** Sends one request over a raw socket (fetch would normalise the hostile paths and bodies away). */
function send(port: number, request: HostileRequest): Promise<number> {
  return new Promise((resolve) => {
    const body = request.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body);
    const head = [
      `${request.method} ${request.path} HTTP/1.1`,
      'Host: 127.0.0.1',
      ...(request.headers['Upgrade'] ? ['Connection: Upgrade'] : ['Connection: close']),
      ...Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`),
      `Content-Length: ${body.length}`,
      '',
      '',
    ].join('\r\n');
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    socket.setTimeout(20_000, () => socket.destroy());
    const status = () => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);
    socket.on('data', (chunk: Buffer) => {
      response += chunk.toString('latin1');
      // An upgrade that succeeds never ends: its status line is the answer.
      if (status() === 101) socket.destroy();
    });
    socket.on('end', () => socket.destroy());
    socket.on('close', () => resolve(status()));
    socket.on('error', () => undefined);
    // Not end(): a half-closed socket may be dropped before the server answers.
    socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body]));
  });
}

describe('hostile corpus', () => {
  it(`answers ${REQUESTS} generated hostile requests without a 5xx and stays healthy`, async () => {
    const port = Number(new URL(app.url).port);
    const requests = generate(random(SEED));
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const request = requests[next++]!;
        const status = await send(port, request);
        if (status === 0 || status >= 500) failures.push(`${status} ${request.method} ${request.path} ${String(request.body ?? '').slice(0, 120)}`);
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    expect(failures).toEqual([]);
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    const answer = await fetch(`${app.url}/api/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"注销后能恢复吗"}' });
    expect(answer.status).toBe(200);
  }, 120_000);
});
