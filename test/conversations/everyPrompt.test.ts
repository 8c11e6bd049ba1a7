import { afterAll, describe, expect, it } from 'vitest';
import type { Dialog } from 'botbuilder-dialogs';
import { DialogContainer } from 'botbuilder-dialogs';
import type { BotRuntime } from '../../src/bot/runtime';
import { ct, type ClosureStringKey } from '../../dialogs/closure/closureStrings';
import { isFlowPrompt } from '../../dialogs/interruptibleDialog';
import { Conversation, sourcesOf, textOf } from '../support/conversation';
import { createFlowTestBot, type FlowTestBot } from '../support/flowTestBot';
import { latestCode, serveSandbox, type SandboxServer } from '../support/sandboxServer';
import { createTestRuntime } from '../support/testRuntime';

/**
 * Walks to every prompt of every flow and checks, at each, that the flow-wide commands work: cancel
 * in natural words, start over, a short question, asking for a person. The list of prompts comes
 * from the flows themselves, so a new prompt without a path here fails the coverage check.
 */

type Step = string | { fault: { operation: 'getClosureEligibility' | 'fileClosureRequest' | 'listClosureRequests'; times: number } };

/** How to reach each prompt; {n} is a demo account number the probe gets to itself. */
const PATHS: { prompt: string; flow: 'closure.start' | 'closure.status'; accounts: number[]; steps: Step[] }[] = [
  { prompt: 'closureIntentChoice', flow: 'closure.start', accounts: [1, 2, 3, 4], steps: ['我要注销账户'] },
  { prompt: 'accountRefPrompt', flow: 'closure.start', accounts: [1, 2, 3, 4], steps: ['我要注销账户', 'tap:继续'] },
  { prompt: 'codePrompt', flow: 'closure.start', accounts: [1, 2, 3, 4], steps: ['我要注销账户', 'tap:继续', '1380000000{n}'] },
  { prompt: 'eligibilityChoice', flow: 'closure.start', accounts: [6, 7, 8, 10], steps: ['我要注销账户', 'tap:继续', '138000000{nn}', '{code}'] },
  {
    prompt: 'eligibilityChoice',
    flow: 'closure.start',
    accounts: [1, 2, 3, 4],
    steps: ['我要注销账户', 'tap:继续', '1380000000{n}', { fault: { operation: 'getClosureEligibility', times: 3 } }, '{code}'],
  },
  { prompt: 'closureTermsChoice', flow: 'closure.start', accounts: [1, 2, 3, 4], steps: ['我要注销账户', 'tap:继续', '1380000000{n}', '{code}'] },
  {
    prompt: 'fileRetryChoice',
    flow: 'closure.start',
    accounts: [1, 2, 3, 4],
    steps: ['我要注销账户', 'tap:继续', '1380000000{n}', '{code}', { fault: { operation: 'fileClosureRequest', times: 3 } }, 'tap:同意并提交'],
  },
  { prompt: 'accountRefPrompt', flow: 'closure.status', accounts: [1, 2, 3, 4], steps: ['我的注销进度'] },
  { prompt: 'codePrompt', flow: 'closure.status', accounts: [1, 2, 3, 4], steps: ['我的注销进度', '1380000000{n}'] },
  {
    prompt: 'statusOfferChoice',
    flow: 'closure.status',
    accounts: [1, 2, 3, 4],
    steps: ['我要注销账户', 'tap:继续', '1380000000{n}', '{code}', 'tap:同意并提交', '我的注销进度'],
  },
  {
    prompt: 'statusOfferChoice',
    flow: 'closure.status',
    accounts: [1, 2, 3, 4],
    steps: ['我的注销进度', '1380000000{n}', { fault: { operation: 'listClosureRequests', times: 3 } }, '{code}'],
  },
  {
    prompt: 'statusConfirmCancelChoice',
    flow: 'closure.status',
    accounts: [1, 2, 3, 4],
    steps: ['我要注销账户', 'tap:继续', '1380000000{n}', '{code}', 'tap:同意并提交', '我的注销进度', 'tap:撤销申请'],
  },
];

/** What is tried at each prompt, and what must hold after it. */
const PROBES = ['cancel', 'startOver', 'question', 'person'] as const;
type Probe = (typeof PROBES)[number];
const SAID: Record<Probe, string> = { cancel: '算了不办了', startOver: '重新开始', question: '为啥？', person: '转人工' };

/** Why each step asks (a step's answer to a question the knowledge base does not answer). */
const HELP = (['helpIntent', 'helpRef', 'helpBlocked', 'helpWalletDown', 'helpTerms', 'helpFileRetry', 'helpOfferCancel', 'helpConfirmCancel'] satisfies ClosureStringKey[]).map(
  (key) => ct(key, 'zh-CN'),
).concat(ct('helpCode', 'zh-CN').split('{masked}')[1]!);

/** Every prompt in a flow's dialog tree. */
function promptIds(dialog: Dialog): string[] {
  if (isFlowPrompt(dialog)) return [dialog.id];
  if (!(dialog instanceof DialogContainer)) return [];
  return dialog.dialogs.getDialogs().flatMap(promptIds);
}

/**
 * A fresh wallet for every path: requests filed must not leak into the next path, and the codes
 * sent must not add up to the wallet's per-account limit (how many add up depended on the machine's
 * speed, through the resend cool-down).
 */
let runtime: BotRuntime;
let sandbox: SandboxServer | undefined;
async function freshWallet(): Promise<void> {
  await sandbox?.close();
  await runtime?.close();
  runtime = await createTestRuntime();
  sandbox = await serveSandbox(runtime);
}
afterAll(async () => {
  await sandbox?.close();
  await runtime.close();
});

const visited = new Set<string>();
let conversations = 0;

async function walk(test: FlowTestBot, path: (typeof PATHS)[number], account: number): Promise<Conversation & { id: string }> {
  const id = `walk-${conversations++}`;
  const conversation = Object.assign(new Conversation(test, { conversationId: id }), { id });
  const nn = String(account).padStart(2, '0');
  for (const step of path.steps) {
    if (typeof step !== 'string') {
      runtime.sandbox!.faults.inject({ ...step.fault, kind: 'error' });
      continue;
    }
    const text = step.replace('{n}', String(account)).replace('{nn}', nn).replace('{code}', () => latestCode(runtime, `138000000${nn}`));
    if (text.startsWith('tap:')) await conversation.tap(text.slice(4));
    else await conversation.say(text);
  }
  return conversation;
}

describe('every prompt of every flow takes the flow-wide commands', () => {
  it.each(PATHS.map((p, i) => [`${p.flow} ${p.prompt} (#${i + 1})`, p] as const))('%s', async (_name, path) => {
    await freshWallet();
    for (const [i, probe] of PROBES.entries()) {
      const test = createFlowTestBot(runtime);
      const conversation = await walk(test, path, path.accounts[i]!);
      const where = `${path.flow} ${path.prompt}, ${probe}`;
      const before = await test.contextOf(conversation.id);
      expect(before?.step, `${where}: the path reaches the prompt`).toBe(path.prompt);
      visited.add(path.prompt);

      const replies = await conversation.say(SAID[probe]);
      const text = textOf(replies);
      const after = await test.contextOf(conversation.id);
      expect(text, `${where}: never "tap a button"`).not.toContain('请点下面的按钮');
      switch (probe) {
        case 'cancel':
          expect(after?.flow, `${where}: the flow ended`).toBeUndefined();
          expect(text, `${where}: says what happened`).toMatch(/什么都没有提交|没有任何变动|已退出/);
          break;
        case 'startOver':
          expect(text, `${where}: says it starts over`).toContain('从头开始');
          // The flow starts again (a status flow may finish at once, reusing the verification).
          expect(replies.length, `${where}: the flow's first step follows`).toBeGreaterThanOrEqual(2);
          expect([path.flow, undefined], `${where}: no other flow`).toContain(after?.flow);
          break;
        case 'question':
          expect(after?.step, `${where}: the prompt is asked again`).toBe(path.prompt);
          expect(replies.length, `${where}: an answer, then the prompt`).toBeGreaterThanOrEqual(2);
          expect(HELP.some((line) => text.includes(line)) || sourcesOf(replies).length > 0, `${where}: the question is answered: ${text}`).toBe(true);
          break;
        case 'person':
          expect(test.handoff.started, `${where}: the hand-off started, asked`).toEqual([{ locale: 'zh-CN', reason: 'asked' }]);
          expect(after?.flow, `${where}: the flow ended`).toBeUndefined();
          break;
      }
    }
  }, 60_000);

  it('has a path to every prompt the flows have', () => {
    const all = new Set(Object.values(createFlowTestBot(runtime).flows).flatMap((flow) => (flow ? promptIds(flow) : [])));
    expect(all.size, 'the flows have prompts').toBeGreaterThan(0);
    for (const id of all) expect(visited, `prompt ${id} has no path in this test`).toContain(id);
  });
});
