import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newIdempotencyKey, type WalletClient } from '../../src/wallet/client';
import {
  WalletAccountNotFoundError,
  WalletAuthError,
  WalletChallengeExpiredError,
  WalletChallengeLockedError,
  WalletClosureInProgressError,
  WalletInvalidCodeError,
  WalletNotCancellableError,
  WalletNotEligibleError,
  WalletResendTooSoonError,
  WalletUnavailableError,
} from '../../src/wallet/errors';
import { TestClock } from '../support/testClock';
import { sleep, startTestWallet, verifyDemo, type TestWallet } from '../support/walletTestServer';

describe('wallet client against the sandbox over HTTP', () => {
  let wallet: TestWallet;
  let client: WalletClient;

  beforeEach(async () => {
    wallet = await startTestWallet();
    client = wallet.client();
  });
  afterEach(async () => {
    await wallet.close();
  });

  it('runs the happy path: challenge, code, verify, eligibility, file, status, email link, completed', async () => {
    const challenge = await client.createChallenge('13800000001');
    expect(challenge.maskedDestination).toBe('138******01');
    expect(Date.parse(challenge.expiresAt)).toBeGreaterThan(Date.now());

    const session = await client.verifyChallenge(challenge.challengeId, await wallet.latestCode('13800000001'));
    expect(session.accountId).toBe('W10000001');

    expect(await client.getClosureEligibility(session)).toEqual({ eligible: true, blockers: [] });
    expect(await client.getLatestClosureRequest(session)).toBeNull();

    const filed = await client.fileClosureRequest(session, {
      idempotencyKey: newIdempotencyKey(),
      acceptedTermsVersion: '2024-01',
      channel: 'webchat',
    });
    expect(filed.status).toBe('pending_email_confirmation');
    expect(filed.emailSentTo).toBe('d***@example.com');

    const latest = await client.getLatestClosureRequest(session);
    expect(latest).toMatchObject({ requestId: filed.requestId, accountId: 'W10000001', status: 'pending_email_confirmation' });

    const email = await wallet.latestEmail('demo1@example.com');
    expect(email.text).toContain(filed.requestId);
    expect(email.link).toMatch(new RegExp(`^${wallet.url}/sandbox/confirm/`));

    const page = await fetch(email.link ?? '');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('已确认');
    expect(html).toContain('confirmed');
    expect((await client.getClosureRequest(session, filed.requestId)).status).toBe('processing');

    await sleep(250);
    expect((await client.getClosureRequest(session, filed.requestId)).status).toBe('completed');
    const eligibility = await client.getClosureEligibility(session);
    expect(eligibility.blockers.map((b) => b.code)).toEqual(['ACCOUNT_CLOSED']);
    const accounts = (await (await fetch(`${wallet.url}/sandbox/accounts`)).json()) as { accountId: string; status: string }[];
    expect(accounts.find((a) => a.accountId === 'W10000001')?.status).toBe('closed');
  });

  it('accepts an email or account id as the reference and refuses an unknown one', async () => {
    expect((await client.createChallenge('Demo2@Example.com')).maskedDestination).toBe('138******02');
    expect((await client.createChallenge('w10000003')).maskedDestination).toBe('138******03');
    await expect(client.createChallenge('13999999999')).rejects.toBeInstanceOf(WalletAccountNotFoundError);
  });

  it('counts wrong codes down 2, 1, then locks, and nothing can be filed', async () => {
    const challenge = await client.createChallenge('13800000002');
    const right = await wallet.latestCode('13800000002');
    const wrong = right === '000000' ? '111111' : '000000';

    const first = await client.verifyChallenge(challenge.challengeId, wrong).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(WalletInvalidCodeError);
    expect((first as WalletInvalidCodeError).attemptsLeft).toBe(2);
    const second = await client.verifyChallenge(challenge.challengeId, wrong).catch((e: unknown) => e);
    expect((second as WalletInvalidCodeError).attemptsLeft).toBe(1);
    const third = await client.verifyChallenge(challenge.challengeId, wrong).catch((e: unknown) => e);
    expect(third).toBeInstanceOf(WalletChallengeLockedError);
    expect((third as WalletChallengeLockedError).code).toBe('CHALLENGE_LOCKED');

    // Even the right code is refused now, and a fresh challenge is refused during the lock-out.
    await expect(client.verifyChallenge(challenge.challengeId, right)).rejects.toBeInstanceOf(WalletChallengeLockedError);
    await expect(client.createChallenge('13800000002')).rejects.toBeInstanceOf(WalletChallengeLockedError);

    // Without a verification token no filing is possible.
    await expect(
      client.fileClosureRequest({ accountId: 'W10000002', verificationToken: 'not-a-real-token-000' }, { idempotencyKey: 'k1' }),
    ).rejects.toBeInstanceOf(WalletAuthError);
    expect(wallet.sandbox.store.countClosureRequests('W10000002')).toBe(0);
  });

  it('refuses an expired challenge and a used one', async () => {
    await wallet.close();
    // The wallet's clock, not a sleep: under load a short real TTL could also expire the fresh code below.
    const clock = new TestClock();
    wallet = await startTestWallet({ codeTtlMs: 60_000, now: clock.now });
    client = wallet.client();
    const challenge = await client.createChallenge('13800000003');
    const code = await wallet.latestCode('13800000003');
    clock.advance(61_000);
    const err = await client.verifyChallenge(challenge.challengeId, code).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalletChallengeExpiredError);
    expect((err as WalletChallengeExpiredError).reason).toBe('expired');

    const again = await client.createChallenge('13800000003');
    const fresh = await wallet.latestCode('13800000003');
    await client.verifyChallenge(again.challengeId, fresh);
    const used = await client.verifyChallenge(again.challengeId, fresh).catch((e: unknown) => e);
    expect((used as WalletChallengeExpiredError).reason).toBe('used');
  });

  it('resends only after the cool-down, and the old code stops working', async () => {
    await wallet.close();
    wallet = await startTestWallet({ resendCooldownMs: 200 });
    client = wallet.client();
    const challenge = await client.createChallenge('13800000004');
    const oldCode = await wallet.latestCode('13800000004');
    const tooSoon = await client.resendChallenge(challenge.challengeId).catch((e: unknown) => e);
    expect(tooSoon).toBeInstanceOf(WalletResendTooSoonError);
    expect((tooSoon as WalletResendTooSoonError).retryAfterSeconds).toBeGreaterThanOrEqual(1);

    await sleep(250);
    await client.resendChallenge(challenge.challengeId);
    const newCode = await wallet.latestCode('13800000004');
    if (newCode !== oldCode) {
      await expect(client.verifyChallenge(challenge.challengeId, oldCode)).rejects.toBeInstanceOf(WalletInvalidCodeError);
    }
    expect((await client.verifyChallenge(challenge.challengeId, newCode)).accountId).toBe('W10000004');
  });

  it.each([
    [6, 'BALANCE_NOT_ZERO'],
    [7, 'PENDING_TRANSACTIONS'],
    [8, 'LINKED_ACCOUNTS'],
    [9, 'ACCOUNT_LOCKED'],
  ] as const)('demo account %i reports %s and filing is refused', async (n, code) => {
    const { session } = await verifyDemo(wallet, client, n);
    const eligibility = await client.getClosureEligibility(session);
    expect(eligibility.eligible).toBe(false);
    expect(eligibility.blockers.map((b) => b.code)).toEqual([code]);

    const err = await client.fileClosureRequest(session, { idempotencyKey: newIdempotencyKey() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalletNotEligibleError);
    expect((err as WalletNotEligibleError).blockers.map((b) => b.code)).toEqual([code]);
    expect(wallet.sandbox.store.countClosureRequests(session.accountId)).toBe(0);
  });

  it('carries the data each blocker needs', async () => {
    const { session } = await verifyDemo(wallet, client, 10);
    const { blockers } = await client.getClosureEligibility(session);
    expect(blockers).toEqual([
      expect.objectContaining({ code: 'BALANCE_NOT_ZERO', balance: { amount: '50.00', currency: 'CNY' } }),
      expect.objectContaining({ code: 'PENDING_TRANSACTIONS', pendingTransactions: 2 }),
      expect.objectContaining({
        code: 'LINKED_ACCOUNTS',
        linkedAccounts: [{ type: 'bank_card', name: 'China Merchants Bank debit card', masked: '**** 1234' }],
      }),
    ]);
  });

  it('returns the same request for the same idempotency key, and refuses a second open request', async () => {
    const { session } = await verifyDemo(wallet, client, 1);
    const key = newIdempotencyKey();
    const a = await client.fileClosureRequest(session, { idempotencyKey: key });
    const b = await client.fileClosureRequest(session, { idempotencyKey: key });
    expect(b).toEqual(a);
    expect(wallet.sandbox.store.countClosureRequests('W10000001')).toBe(1);

    const other = await client.fileClosureRequest(session, { idempotencyKey: newIdempotencyKey() }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(WalletClosureInProgressError);
    expect((other as WalletClosureInProgressError).requestId).toBe(a.requestId);
    expect(wallet.sandbox.store.countClosureRequests('W10000001')).toBe(1);

    const eligibility = await client.getClosureEligibility(session);
    expect(eligibility.blockers).toEqual([expect.objectContaining({ code: 'CLOSURE_IN_PROGRESS', requestId: a.requestId })]);
  });

  it('cancels a request awaiting email confirmation, idempotently; the email link then does nothing', async () => {
    const { session } = await verifyDemo(wallet, client, 2);
    const filed = await client.fileClosureRequest(session, { idempotencyKey: newIdempotencyKey() });
    const cancelled = await client.cancelClosureRequest(session, filed.requestId);
    expect(cancelled.status).toBe('cancelled');
    expect((await client.cancelClosureRequest(session, filed.requestId)).status).toBe('cancelled');
    expect((await client.getLatestClosureRequest(session))?.status).toBe('cancelled');

    const email = await wallet.latestEmail('demo2@example.com');
    const page = await fetch(email.link ?? '');
    expect(page.status).toBe(409);
    expect((await client.getClosureRequest(session, filed.requestId)).status).toBe('cancelled');

    // With the old one cancelled, a new filing is allowed.
    const next = await client.fileClosureRequest(session, { idempotencyKey: newIdempotencyKey() });
    expect(next.requestId).not.toBe(filed.requestId);
    expect((await client.listClosureRequests(session)).map((r) => r.requestId)).toEqual([next.requestId, filed.requestId]);
  });

  it('refuses to cancel once the email link was opened', async () => {
    const { session, email } = await verifyDemo(wallet, client, 3);
    const filed = await client.fileClosureRequest(session, { idempotencyKey: newIdempotencyKey() });
    await fetch((await wallet.latestEmail(email)).link ?? '');
    const err = await client.cancelClosureRequest(session, filed.requestId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalletNotCancellableError);
    expect((err as WalletNotCancellableError).requestStatus).toBe('processing');
  });

  it("keeps accounts apart: one account's token cannot read another's request", async () => {
    const one = await verifyDemo(wallet, client, 1);
    const two = await verifyDemo(wallet, client, 2);
    const filed = await client.fileClosureRequest(one.session, { idempotencyKey: newIdempotencyKey() });
    await expect(client.getClosureRequest(two.session, filed.requestId)).rejects.toMatchObject({ code: 'CLOSURE_REQUEST_NOT_FOUND' });
    await expect(
      client.getClosureEligibility({ accountId: 'W10000001', verificationToken: two.session.verificationToken }),
    ).rejects.toBeInstanceOf(WalletAuthError);
  });

  it('treats an expired verification token as an auth error', async () => {
    await wallet.close();
    wallet = await startTestWallet({ tokenTtlMs: 100 });
    client = wallet.client();
    const { session } = await verifyDemo(wallet, client, 5);
    await sleep(150);
    const err = await client.getClosureEligibility(session).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalletAuthError);
    expect((err as WalletAuthError).reason).toBe('expired');
  });

  it('requires the service key when the sandbox has one', async () => {
    await wallet.close();
    wallet = await startTestWallet({ apiKey: 'sandbox-key' });
    const without = await wallet.client().createChallenge('13800000001').catch((e: unknown) => e);
    expect(without).toBeInstanceOf(WalletUnavailableError);
    expect((without as WalletUnavailableError).reason).toBe('credential_rejected');
    const withKey = await wallet.client({ apiKey: 'sandbox-key' }).createChallenge('13800000001');
    expect(withKey.maskedDestination).toBe('138******01');
  });

  it('turns a malformed wallet response into WalletUnavailableError (protocol), not a crash', async () => {
    const { session } = await verifyDemo(wallet, client, 1);
    wallet.sandbox.faults.inject({ operation: 'getClosureEligibility', kind: 'malformed' });
    const err = await client.getClosureEligibility(session).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalletUnavailableError);
    expect((err as WalletUnavailableError).reason).toBe('protocol');
  });

  it('treats a wrong base URL (HTML 404) as a protocol error and a closed port as unavailable', async () => {
    const wrongPath = wallet.client({ baseUrl: `${wallet.url}/nowhere` });
    await expect(wrongPath.createChallenge('13800000001')).rejects.toMatchObject({ code: 'WALLET_UNAVAILABLE', reason: 'protocol' });
    const closedPort = wallet.client({ baseUrl: 'http://127.0.0.1:9/sandbox/wallet', maxAttempts: 2 });
    await expect(closedPort.createChallenge('13800000001')).rejects.toMatchObject({ code: 'WALLET_UNAVAILABLE', reason: 'network' });
  });

  it('answers bad request bodies with a VALIDATION_ERROR envelope', async () => {
    const res = await fetch(`${wallet.apiBase}/v1/identity/challenges/x/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'abc' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'VALIDATION_ERROR' } });
    const noKey = await fetch(`${wallet.apiBase}/v1/accounts/W10000001/closure-requests`, { method: 'POST' });
    expect(noKey.status).toBe(401);
  });

  it('serves the outbox as HTML with escaped text and a clickable link', async () => {
    const { session } = await verifyDemo(wallet, client, 1);
    await client.fileClosureRequest(session, { idempotencyKey: newIdempotencyKey() });
    const res = await fetch(`${wallet.url}/sandbox/outbox`, { headers: { accept: 'text/html' } });
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toMatch(/<a href="http:\/\/127\.0\.0\.1:\d+\/sandbox\/confirm\/[\w-]+">/);
    // Newest first: the email comes before the code.
    expect(html.indexOf('Email')).toBeLessThan(html.indexOf('SMS'));
  });

  it('lists the demo accounts with every scenario', async () => {
    const accounts = (await (await fetch(`${wallet.url}/sandbox/accounts`)).json()) as { scenario: string }[];
    const scenarios = accounts.map((a) => a.scenario);
    expect(scenarios.filter((s) => s === 'closable').length).toBeGreaterThanOrEqual(3);
    for (const s of ['balance-left', 'pending-transaction', 'linked-accounts', 'locked']) expect(scenarios).toContain(s);
    expect(accounts[0]).toEqual({
      accountId: 'W10000001',
      phone: '13800000001',
      email: 'demo1@example.com',
      scenario: 'closable',
      status: 'active',
    });
  });
});
