import { afterEach, describe, expect, it } from 'vitest';
import type { BotRuntime } from '../../src/bot/runtime';
import type { FaultSpec } from '../../src/wallet/sandbox/faults';
import { Conversation, buttonsOf, textOf } from '../support/conversation';
import { latestCode, serveSandbox, type SandboxServer } from '../support/sandboxServer';
import { createTestRuntime } from '../support/testRuntime';

/**
 * The wallet misbehaving while the closure request is filed (sandbox fault injection): whatever
 * happens, the person gets an honest message, "try again" reuses the idempotency key, and the wallet
 * ends up with exactly one closure request.
 */

/** The wallet client's per-attempt timeout in these tests. */
const TIMEOUT_MS = 1000;

let runtime: BotRuntime | undefined;
let sandbox: SandboxServer | undefined;
afterEach(async () => {
  await sandbox?.close();
  await runtime?.close();
  runtime = undefined;
  sandbox = undefined;
});

/** A conversation of a closable demo account, standing at the terms with "同意并提交" on screen. */
async function atTheTerms(n: number) {
  // A per-attempt timeout short enough that hung wallet calls give up quickly, long enough that the
  // calls before the terms get through on a loaded machine (300 ms did not).
  runtime = await createTestRuntime({ env: { WALLET_TIMEOUT_MS: String(TIMEOUT_MS) } });
  sandbox = await serveSandbox(runtime);
  const conversation = new Conversation(runtime);
  await conversation.say('我要注销账户');
  await conversation.tap('继续');
  await conversation.say(`138000000${String(n).padStart(2, '0')}`);
  const terms = await conversation.say(latestCode(runtime));
  expect(buttonsOf(terms)).toContain('同意并提交');
  return { runtime, conversation, accountId: `W100000${String(n).padStart(2, '0')}` };
}

const HONEST = ['钱包系统没有响应', '不是你的问题', '不会重复提交'];

describe('filing while the wallet fails', () => {
  it.each<[string, FaultSpec, boolean]>([
    // [what happens, fault on fileClosureRequest, whether the client's own retries get through]
    ['500 on every attempt', { operation: 'fileClosureRequest', kind: 'error', times: 3 }, false],
    ['a 500, then the retry succeeds', { operation: 'fileClosureRequest', kind: 'error', times: 1 }, true],
    ['the connection drops after the wallet committed', { operation: 'fileClosureRequest', kind: 'drop-after-commit', times: 1 }, true],
    ['the answer hangs after the commit, on every attempt', { operation: 'fileClosureRequest', kind: 'hang-after-commit', times: 3, hangMs: 2 * TIMEOUT_MS }, false],
    ['the wallet hangs before committing and commits late', { operation: 'fileClosureRequest', kind: 'hang', times: 3, hangMs: 1.5 * TIMEOUT_MS }, false],
    ['a malformed answer after the commit', { operation: 'fileClosureRequest', kind: 'malformed', times: 1 }, false],
  ])('%s: honest message, exactly one request', async (_name, fault, getsThrough) => {
    const { runtime, conversation, accountId } = await atTheTerms(fault.kind === 'hang' ? 5 : 4);
    runtime.sandbox!.faults.inject(fault);
    const store = runtime.sandbox!.store;

    let replies = await conversation.tap('同意并提交');
    if (!getsThrough) {
      const text = textOf(replies);
      for (const s of HONEST) expect(text).toContain(s);
      expect(text).not.toContain('注销申请已提交');
      expect(buttonsOf(replies)).toContain('再试一次');
      expect(store.countClosureRequests(accountId)).toBeLessThanOrEqual(1);
      // Let a late commit land before trying again.
      await new Promise((r) => setTimeout(r, fault.kind === 'hang' ? TIMEOUT_MS : 0));
      replies = await conversation.tap('再试一次');
    }
    const text = textOf(replies);
    expect(text).toContain('注销申请已提交');
    const [request] = store.listClosureRequests(accountId);
    expect(store.countClosureRequests(accountId)).toBe(1);
    expect(text).toContain(request!.requestId);
    expect(store.listOutbox().filter((e) => e.kind === 'email')).toHaveLength(1);
  });
});
