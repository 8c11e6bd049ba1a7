import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server';
import { fetchDemoAccounts, fetchLatestCode, fetchOutbox, type DemoAccountJson } from '../support/sandboxServer';
import { createTestRuntime } from '../support/testRuntime';
import { DirectLineRestChat } from './clients';

/**
 * Codes cannot be farmed: wrong codes count per account across challenges, texts are limited; and
 * a slow wallet neither loses an accepted code nor texts twice. The resend cool-down is off here so
 * that every request could send a text.
 */
let runtime: Awaited<ReturnType<typeof createTestRuntime>>;
let server: RunningServer;
let app: { url: string };
let accounts: DemoAccountJson[];

beforeAll(async () => {
  runtime = await createTestRuntime({ env: { WALLET_TIMEOUT_MS: '400' }, overrides: { sandbox: { resendCooldownMs: 0 } } });
  server = await startServer(runtime, 0);
  app = { url: server.url };
  accounts = await fetchDemoAccounts(app.url);
});

afterAll(async () => {
  await server.close();
  await runtime.close();
});

const wallet = (path: string, body: unknown) =>
  fetch(`${app.url}/sandbox/wallet/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function newChallenge(ref: string): Promise<{ status: number; challengeId?: string; code?: string }> {
  const res = await wallet('/identity/challenges', { accountRef: ref });
  const body = (await res.json()) as { challengeId?: string; error?: { code: string } };
  return { status: res.status, ...(body.challengeId ? { challengeId: body.challengeId } : {}), ...(body.error ? { code: body.error.code } : {}) };
}

const codesTo = async (phone: string) => (await fetchOutbox(app.url)).filter((e) => e.kind === 'code' && e.to === phone).length;

describe('sandbox wallet', () => {
  it('locks an account after wrong codes spread over many challenges (as many conversations would)', async () => {
    const account = accounts.filter((a) => a.scenario === 'closable')[1]!;
    const outcomes: string[] = [];
    // Two wrong codes per challenge, never reaching the per-challenge limit of three.
    for (let c = 0; c < 15 && !outcomes.includes('CHALLENGE_LOCKED'); c++) {
      const challenge = await newChallenge(c % 2 ? account.email : account.phone);
      if (!challenge.challengeId) {
        outcomes.push(challenge.code ?? String(challenge.status));
        continue;
      }
      for (let g = 0; g < 2; g++) {
        const res = await wallet(`/identity/challenges/${challenge.challengeId}/verify`, { code: String(100000 + c * 2 + g) });
        outcomes.push(((await res.json()) as { error: { code: string } }).error.code);
      }
    }
    const wrongBeforeLock = outcomes.indexOf('CHALLENGE_LOCKED');
    expect(wrongBeforeLock).toBeGreaterThan(0);
    expect(wrongBeforeLock).toBeLessThanOrEqual(5);
    // Locked for new challenges too, whichever reference is used.
    expect((await newChallenge(account.accountId)).code).toBe('CHALLENGE_LOCKED');
  });

  it('texts one account only a few codes, however fast they are asked for', async () => {
    const account = accounts.filter((a) => a.scenario === 'closable')[2]!;
    const results = await Promise.all(Array.from({ length: 200 }, () => newChallenge(account.phone)));
    expect(results.filter((r) => r.status === 201).length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r.status >= 500)).toHaveLength(0);
    expect(results.some((r) => r.status === 429 && r.code === 'TOO_MANY_CODES')).toBe(true);
    expect(await codesTo(account.phone)).toBeLessThanOrEqual(5);
  });
});

describe('a slow wallet', () => {
  it('does not lose a code it accepted after the bot stopped waiting', async () => {
    const account = accounts.filter((a) => a.scenario === 'closable')[3]!;
    const chat = new DirectLineRestChat(app.url);
    await chat.start();
    await chat.say('我要注销账户');
    await chat.tap('继续');
    await chat.say(account.phone);
    const code = await fetchLatestCode(app.url, account.phone);
    // The wallet accepts the code but answers after the bot's timeout.
    runtime.sandbox!.faults.inject({ operation: 'verifyChallenge', kind: 'hang-after-commit', hangMs: 1500 });
    const turn = await chat.say(code);
    expect(turn.text).toContain('身份验证成功');
  });

  it('texts one code when a code request is repeated after the bot stopped waiting', async () => {
    const account = accounts.filter((a) => a.scenario === 'closable')[4]!;
    const slowRuntime = await createTestRuntime({ env: { WALLET_TIMEOUT_MS: '400' } });
    const slowServer = await startServer(slowRuntime, 0);
    try {
      const chat = new DirectLineRestChat(slowServer.url);
      await chat.start();
      await chat.say('我要注销账户');
      await chat.tap('继续');
      slowRuntime.sandbox!.faults.inject({ operation: 'createChallenge', kind: 'hang-after-commit', hangMs: 1500 });
      const slow = await chat.say(account.phone);
      expect(slow.text).not.toContain('验证码已发送到');
      const again = await chat.say(account.phone);
      expect(again.text).toContain('验证码已发送到');
      const texts = (await fetchOutbox(slowServer.url)).filter((e) => e.kind === 'code' && e.to === account.phone);
      expect(texts).toHaveLength(1);
      const verified = await chat.say((await fetchLatestCode(slowServer.url, account.phone)));
      expect(verified.text).toContain('身份验证成功');
    } finally {
      await slowServer.close();
      await slowRuntime.close();
    }
  });
});

describe('the bot', () => {
  it('stops one widget conversation from texting phone after phone', async () => {
    const chat = new DirectLineRestChat(app.url);
    await chat.start();
    const phones = accounts.filter((a) => a.scenario !== 'closable').map((a) => a.phone);
    const before = (await fetchOutbox(app.url)).filter((e) => e.kind === 'code').length;
    let refused = '';
    for (let i = 0; i < 6; i++) {
      await chat.say('我要注销账户');
      await chat.tap('继续');
      const turn = await chat.say(phones[i % phones.length]!);
      if (turn.text.includes('验证码发送次数太多')) refused = turn.text;
      await chat.say('取消');
    }
    const sent = (await fetchOutbox(app.url)).filter((e) => e.kind === 'code').length - before;
    expect(sent).toBeLessThanOrEqual(5);
    expect(refused).toMatch(/\d+ 分钟后再试/);
  });
});
