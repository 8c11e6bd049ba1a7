import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotRuntime } from '../../src/bot/runtime';
import { startServer, type RunningServer } from '../../src/server';
import { createTestRuntime } from '../support/testRuntime';

let runtime: BotRuntime;
let server: RunningServer;

beforeAll(async () => {
  runtime = await createTestRuntime();
  server = await startServer(runtime, 0);
});
afterAll(async () => {
  await server.close();
  await runtime.close();
});

async function ask(body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await fetch(`${server.url}/api/answer`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('POST /api/answer', () => {
  it('answers a Chinese question in Chinese with its sources', async () => {
    const { status, body } = await ask({ text: '注销以后账号还能找回来吗' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ intent: 'faq', locale: 'zh-CN' });
    expect(typeof body['answer']).toBe('string');
    const sources = body['sources'] as { id: string; title: string; score: number }[];
    expect(sources[0]?.id).toBe('recovery-after-closure');
    expect(sources[0]?.score).toBeGreaterThan(0);
    expect(sources[0]?.score).toBeLessThanOrEqual(1);
  });

  it('answers a question in Traditional Chinese in Traditional Chinese', async () => {
    const { status, body } = await ask({ text: '帳戶裡還有餘額可以註銷嗎' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ intent: 'faq', locale: 'zh-CN', script: 'traditional' });
    const sources = body['sources'] as { id: string; title: string }[];
    expect(sources[0]?.id).toBe('balance-must-be-zero');
    expect(body['answer']).toMatch(/餘額/);
    expect(body['answer']).not.toMatch(/余额/);
    const simplified = await ask({ text: '账户里还有余额可以注销吗' });
    expect(simplified.body['answer']).toMatch(/余额/);
    expect(simplified.body['script']).toBeUndefined();
  });

  it('hands money at risk off at once, with what to do right now as the answer', async () => {
    const { body } = await ask({ text: '有人在盗刷我的钱包，钱正在被转走' });
    expect(body).toMatchObject({ intent: 'handoff', safety: 'money_at_risk' });
    expect((body['sources'] as { id: string }[])[0]?.id).toBe('account-compromised');
    expect(body['answer']).toMatch(/修改密码/);
    const scam = await ask({ text: 'someone pretending to be im wallet support asked me for my verification code' });
    expect(scam.body).toMatchObject({ intent: 'handoff', safety: 'scam', locale: 'en' });
    expect(scam.body['answer']).toMatch(/never share your verification code/i);
  });

  it('answers in the locale asked for', async () => {
    const { body } = await ask({ text: '注销会影响征信吗', locale: 'en' });
    expect(body).toMatchObject({ intent: 'faq', locale: 'en' });
    expect(body['answer']).toMatch(/credit/i);
    expect((body['sources'] as { title: string }[])[0]?.title).toMatch(/[a-z]/i);
  });

  it.each([
    ['我要注销账户', 'closure.start'],
    ['close my account', 'closure.start'],
    ['我的注销进度', 'closure.status'],
    ['status of my closure', 'closure.status'],
    ['转人工', 'handoff'],
    ['talk to a person', 'handoff'],
    ['你好', 'greeting'],
    ['what is the weather like tomorrow', 'out_of_scope'],
  ])('%s -> %s, with no answer attached', async (text, intent) => {
    const { status, body } = await ask({ text });
    expect(status).toBe(200);
    expect(body['intent']).toBe(intent);
    expect(body['answer']).toBeUndefined();
  });

  it.each([
    ['an empty body', '', 400],
    ['empty text', { text: '' }, 400],
    ['text of the wrong type', { text: 42 }, 400],
    ['an unknown locale', { text: 'hi', locale: 'fr' }, 400],
    ['unknown fields', { text: 'hi', extra: true }, 400],
    ['non-JSON', 'this is not json', 400],
    ['100 KB of text', { text: 'a'.repeat(100_000) }, 413],
  ])('rejects %s with a 4xx and a reason', async (_name, body, expected) => {
    const res = await ask(body);
    expect(res.status).toBe(expected);
    expect((res.body['error'] as { message: string }).message.length).toBeGreaterThan(5);
  });

  it('says an empty JSON body is empty', async () => {
    const res = await ask('');
    expect(res.status).toBe(400);
    expect((res.body['error'] as { message: string }).message).toContain('empty');
  });

  it('rejects a body that is not JSON by content type', async () => {
    const res = await ask('text=hi', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
  });

  it.each([
    ['GET', '/api/answer'],
    ['GET', '/api/widget/token'],
    ['POST', '/api/nothing-here'],
  ])('answers %s %s, which nothing serves, with a JSON 404 and a reason', async (method, path) => {
    const res = await fetch(`${server.url}${path}`, { method });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(path);
  });

  it('keeps serving after bad input', async () => {
    await ask('{{{');
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect((await ask({ text: '注销要多久' })).body['intent']).toBe('faq');
  });
});
