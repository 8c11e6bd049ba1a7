import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotRuntime } from '../../src/bot/runtime';
import type { SafetySignal } from '../../src/nlu/safety';
import { Conversation, sourcesOf, textOf } from '../support/conversation';
import { createFlowTestBot } from '../support/flowTestBot';
import { latestCode, serveSandbox, wrongCode, type SandboxServer } from '../support/sandboxServer';
import { createTestRuntime } from '../support/testRuntime';

/**
 * The dialogs decide when a person takes over, and say why (HandoffOptions): asked, the bot missed
 * twice, verification locked, the account frozen, money at risk or a scam. A recording dialog stands
 * in for the hand-off flow. The recognizer's safety signal is set for two messages here, as the
 * understanding work will set it from the words themselves.
 */

const SCAM = '有人说是客服，让我把验证码发给他';
const MONEY = 'someone is taking money out of my wallet right now';
const SIGNALS = new Map<string, SafetySignal>([
  [SCAM, 'scam'],
  [MONEY, 'money_at_risk'],
]);

let runtime: BotRuntime;
let sandbox: SandboxServer;
beforeAll(async () => {
  runtime = await createTestRuntime();
  sandbox = await serveSandbox(runtime);
});
afterAll(async () => {
  await sandbox.close();
  await runtime.close();
});

function chat(locale?: string) {
  const test = createFlowTestBot(runtime, SIGNALS);
  return { test, conversation: new Conversation(test, locale ? { locale } : {}) };
}

describe('hand-off triggers', () => {
  it('a scam at the top level: the safety answer first, then the hand-off for a scam', async () => {
    const { test, conversation } = chat();
    const replies = await conversation.say(SCAM);
    expect(sourcesOf(replies)[0], 'the safety topic is answered first').toMatch(/^(scam-warning|security-before-closing)$/);
    expect(test.handoff.started).toEqual([{ locale: 'zh-CN', reason: 'scam' }]);
  });

  it('money at risk inside the closure, at the code prompt: the flow stops, the safety answer, an urgent hand-off', async () => {
    const { test, conversation } = chat('en');
    await conversation.say('close my account');
    await conversation.tap('Continue');
    await conversation.say('13800000001');
    const replies = await conversation.say(MONEY);
    expect(sourcesOf(replies)[0]).toMatch(/^(account-compromised|security-before-closing)$/);
    expect(test.handoff.started).toEqual([{ locale: 'en', reason: 'money_at_risk', urgent: true }]);
    expect(textOf(await conversation.say(latestCode(runtime, '13800000001'))), 'the closure is over').not.toContain('Identity verified');
  });

  it('asked for a person, at the top level and inside a flow', async () => {
    const { test, conversation } = chat();
    await conversation.say('转人工');
    await conversation.say('我要注销账户');
    await conversation.say('我要找人工客服');
    expect(test.handoff.started).toEqual([
      { locale: 'zh-CN', reason: 'asked' },
      { locale: 'zh-CN', reason: 'asked' },
    ]);
  });

  it('two misses in a row offer a person, for repeated misses; small talk between them is no miss', async () => {
    const { test, conversation } = chat('en');
    expect(textOf(await conversation.say('what is the weather on mars'))).not.toContain('not getting it');
    await conversation.say('thanks');
    expect(textOf(await conversation.say('tell me a joke about penguins'))).toContain('not getting it');
    await conversation.tap('Talk to an agent');
    expect(test.handoff.started).toEqual([{ locale: 'en', reason: 'repeated_misses' }]);
  });

  it('verification locked after wrong codes: the closure stops and hands over, locked out', async () => {
    const { test, conversation } = chat();
    await conversation.say('我要注销账户');
    await conversation.tap('继续');
    await conversation.say('13800000002');
    for (let i = 0; i < 3; i++) await conversation.say(wrongCode(latestCode(runtime, '13800000002')));
    expect(test.handoff.started).toEqual([{ locale: 'zh-CN', reason: 'locked_out' }]);
  });

  it('a frozen account: the blockers are said, then the hand-off for a frozen account (no "check again")', async () => {
    const { test, conversation } = chat();
    await conversation.say('我要注销账户');
    await conversation.tap('继续');
    await conversation.say('13800000009');
    const replies = await conversation.say(latestCode(runtime, '13800000009'));
    expect(textOf(replies)).toContain('被风控冻结');
    expect(textOf(replies)).not.toContain('再查一次');
    expect(test.handoff.started).toEqual([{ locale: 'zh-CN', reason: 'frozen' }]);
  });

  it('a complaint: acknowledged, and the offered person is for a complaint', async () => {
    const { test, conversation } = chat();
    expect(textOf(await conversation.say('我要投诉你们'))).toContain('很抱歉');
    await conversation.tap('转人工');
    expect(test.handoff.started).toEqual([{ locale: 'zh-CN', reason: 'complaint' }]);
  });
});
