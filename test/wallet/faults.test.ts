import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newIdempotencyKey, type WalletClient, type WalletSession } from '../../src/wallet/client';
import { WalletInvalidCodeError, WalletUnavailableError } from '../../src/wallet/errors';
import type { FaultKind } from '../../src/wallet/sandbox/faults';
import { fetchOutbox } from '../support/sandboxServer';
import { sleep, startTestWallet, verifyDemo, type TestWallet } from '../support/walletTestServer';

/** Filing under injected wallet faults: whatever happens, exactly one closure request exists. */
describe('wallet client under injected faults', () => {
  let wallet: TestWallet;
  let client: WalletClient;
  let session: WalletSession;

  beforeEach(async () => {
    wallet = await startTestWallet();
    // A short timeout so "hang" faults trip it; retries back off briefly.
    client = wallet.client({ timeoutMs: 300, maxAttempts: 4 });
    // Verified with the default timeout: on a busy machine 300 ms can trip a call no fault was meant for.
    ({ session } = await verifyDemo(wallet, wallet.client(), 1));
  });
  afterEach(async () => {
    await wallet.close();
  });

  const cases: [string, FaultKind, number][] = [
    ['a 5xx', 'error', 2],
    ['a timeout before the wallet commits (which then commits late)', 'hang', 1],
    ['a timeout after the wallet committed', 'hang-after-commit', 1],
    ['a dropped connection after the wallet committed', 'drop-after-commit', 1],
    ['a dropped connection after commit, twice', 'drop-after-commit', 2],
  ];

  it.each(cases)('files exactly one request through %s', async (_name, kind, times) => {
    wallet.sandbox.faults.inject({ operation: 'fileClosureRequest', kind, times, hangMs: 500 });
    const key = newIdempotencyKey();
    const filed = await client.fileClosureRequest(session, { idempotencyKey: key });
    expect(wallet.sandbox.faults.pending('fileClosureRequest')).toBe(0);

    // Let a late "hang" commit land, then check: one request, the one the client was told about.
    await sleep(700);
    expect(wallet.sandbox.store.countClosureRequests('W10000001')).toBe(1);
    const [only] = await client.listClosureRequests(session);
    expect(only?.requestId).toBe(filed.requestId);
    expect((await client.fileClosureRequest(session, { idempotencyKey: key })).requestId).toBe(filed.requestId);
    // One confirmation email, not one per attempt.
    expect((await fetchOutbox(wallet.url)).filter((e) => e.kind === 'email')).toHaveLength(1);
  });

  it('gives up with WalletUnavailableError when every attempt fails, and the same key later files once', async () => {
    wallet.sandbox.faults.inject({ operation: 'fileClosureRequest', kind: 'drop-after-commit', times: 4 });
    const key = newIdempotencyKey();
    const err = await client.fileClosureRequest(session, { idempotencyKey: key }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalletUnavailableError);
    expect((err as WalletUnavailableError).reason).toBe('network');
    // The wallet did commit on the first attempt; the retry with the same key (e.g. the person taps again) finds it.
    expect(wallet.sandbox.store.countClosureRequests('W10000001')).toBe(1);
    const filed = await client.fileClosureRequest(session, { idempotencyKey: key });
    expect(wallet.sandbox.store.countClosureRequests('W10000001')).toBe(1);
    expect((await client.getLatestClosureRequest(session))?.requestId).toBe(filed.requestId);
  });

  it('retries safe reads on a 5xx and a timeout', async () => {
    wallet.sandbox.faults.inject({ operation: 'getClosureEligibility', kind: 'error' });
    wallet.sandbox.faults.inject({ operation: 'getClosureEligibility', kind: 'hang', hangMs: 1000 });
    expect((await client.getClosureEligibility(session)).eligible).toBe(true);
    expect(wallet.sandbox.faults.pending('getClosureEligibility')).toBe(0);
  });

  it('retries verify with one idempotency key: an accepted code is not lost, a wrong one is not counted twice', async () => {
    const challenge = await client.createChallenge('13800000002');
    const code = await wallet.latestCode('13800000002');
    // Wrong code, answer lost after the wallet counted it: the retry gets the same answer, one attempt used.
    wallet.sandbox.faults.inject({ operation: 'verifyChallenge', kind: 'drop-after-commit' });
    const wrong = await client.verifyChallenge(challenge.challengeId, code === '000000' ? '111111' : '000000').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(WalletInvalidCodeError);
    expect((wrong as WalletInvalidCodeError).attemptsLeft).toBe(2);
    expect(wallet.sandbox.faults.pending('verifyChallenge')).toBe(0);

    // Right code, answer lost after the wallet accepted it: the retry gets the verification.
    wallet.sandbox.faults.inject({ operation: 'verifyChallenge', kind: 'drop-after-commit' });
    const verified = await client.verifyChallenge(challenge.challengeId, code);
    expect(verified.accountId).toBe('W10000002');
  });

  it('does not retry creating a challenge on a timeout (that would text a second code)', async () => {
    wallet.sandbox.faults.inject({ operation: 'createChallenge', kind: 'hang', times: 2, hangMs: 1000 });
    const err = await client.createChallenge('13800000003').catch((e: unknown) => e);
    expect((err as WalletUnavailableError).reason).toBe('timeout');
    expect(wallet.sandbox.faults.pending('createChallenge')).toBe(1);
  });

  it('exposes fault injection over HTTP only when enabled', async () => {
    const off = await fetch(`${wallet.url}/sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'getClosureEligibility', kind: 'error' }),
    });
    expect(off.status).toBe(404);

    const on = await startTestWallet({ faultEndpoint: true });
    try {
      const res = await fetch(`${on.url}/sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ operation: 'getClosureEligibility', kind: 'error', times: 2 }),
      });
      expect(res.status).toBe(201);
      expect(on.sandbox.faults.pending('getClosureEligibility')).toBe(2);
    } finally {
      await on.close();
    }
  });
});
