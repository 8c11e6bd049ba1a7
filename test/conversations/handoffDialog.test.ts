import { randomUUID } from 'node:crypto';
import { ActivityTypes, ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandoffDialog, type HandoffDialogDeps } from '../../dialogs/handoff/handoffDialog';
import type { HandoffOptions, HandoffReason } from '../../dialogs/handoff/handoffOptions';
import type { ConversationData } from '../../dialogs/mainDialog';
import { VerificationStore, type StoredVerification } from '../../dialogs/closure/verificationStore';
import type { Verification } from '../../src/wallet/schemas';
import { Deliveries } from '../../src/channels/delivery';
import { HandoffService } from '../../src/handoff/handoffService';
import { HandoffStore } from '../../src/handoff/handoffStore';
import { DutyHours } from '../../src/handoff/hours';
import type { Locale } from '../../src/knowledge/topicSchema';
import { createLogger } from '../../src/observability/logger';
import { createTestRuntime } from '../support/testRuntime';

/**
 * The hand-off dialog on its own (botbuilder's TestAdapter), begun the way every
 * trigger begins it: with HandoffOptions. What the person is told, and what joins the queue.
 */
let runtime: Awaited<ReturnType<typeof createTestRuntime>>;
beforeAll(async () => {
  runtime = await createTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

/** A wallet that never answers: the hand-off goes on without its facts. */
const unreachableWallet: HandoffDialogDeps['wallet'] = {
  getLatestClosureRequest: () => new Promise(() => {}),
  getClosureEligibility: () => Promise.reject(new Error('down')),
};

function handoffClient(
  options: Partial<HandoffOptions> & { locale: Locale },
  setup: { hours?: DutyHours; verified?: Verification & { maskedDestination: string }; wallet?: HandoffDialogDeps['wallet'] } = {},
) {
  const conversationState = new ConversationState(new MemoryStorage());
  const conversationData = conversationState.createProperty<ConversationData>('conversationData');
  const verificationAccessor = conversationState.createProperty<StoredVerification>('walletVerification');
  const verification = new VerificationStore(verificationAccessor, Date.now);
  const hours = setup.hours ?? DutyHours.parse(undefined, 'UTC');
  const handoff = new HandoffService(new HandoffStore(runtime.database.db, Date.now), new Deliveries(), hours, createLogger('silent'), Date.now);
  const dialog = new HandoffDialog({ handoff, answers: runtime.answers, conversationData, verification, wallet: setup.wallet ?? unreachableWallet });
  // Each client its own conversation: the queue keeps one open case per conversation.
  const reference = {
    channelId: 'test',
    serviceUrl: 'https://test.invalid',
    conversation: { id: `conv-${randomUUID()}`, isGroup: false, conversationType: 'personal', name: '' },
    user: { id: 'user1', name: 'User' },
    bot: { id: 'bot', name: 'Bot' },
    locale: options.locale,
  };
  const dialogState = conversationState.createProperty<DialogState>('DialogState');
  // Every turn begins the dialog afresh with the trigger's options, as flows.handoff is begun.
  let current = options;
  const client = new TestAdapter(async (context) => {
    if (setup.verified) await verification.save(context, setup.verified, setup.verified.maskedDestination);
    const dc = await new DialogSet(dialogState).add(dialog).createContext(context);
    await dc.beginDialog(dialog.id, current);
    await conversationState.saveChanges(context);
  }, reference);
  return {
    client,
    open: () => handoff.openFor(reference),
    /** Another trigger in the same conversation: the next turns begin the dialog with these options. */
    trigger: (next: Partial<HandoffOptions> & { locale: Locale }) => {
      current = next;
    },
  };
}

/** The bot's replies to one message: the texts, the buttons, and the events. */
async function turn(client: TestAdapter, text = 'hi') {
  await client.receiveActivity(text);
  const replies: Partial<Activity>[] = [];
  for (let next = client.getNextReply(); next; next = client.getNextReply()) replies.push(next);
  const messages = replies.filter((r) => r?.type === ActivityTypes.Message);
  return {
    text: messages.map((r) => r.text ?? '').join('\n'),
    buttons: messages.flatMap((r) => r.suggestedActions?.actions.map((a) => a.title) ?? []),
    events: replies.filter((r) => r?.type === ActivityTypes.Event),
  };
}

const TRIGGERS: { reason: HandoffReason; urgent: boolean }[] = [
  { reason: 'asked', urgent: false },
  { reason: 'repeated_misses', urgent: false },
  { reason: 'locked_out', urgent: false },
  { reason: 'frozen', urgent: false },
  { reason: 'closure_rejected', urgent: false },
  { reason: 'money_at_risk', urgent: true },
  { reason: 'scam', urgent: true },
];

describe.each([
  { locale: 'zh-CN' as const, person: '人工客服', cancel: '取消人工请求', urgentWord: '紧急', cjk: true },
  { locale: 'en' as const, person: 'human agent', cancel: 'Cancel the request', urgentWord: 'urgent', cjk: false },
])('the hand-off dialog in $locale', ({ locale, person, cancel, urgentWord, cjk }) => {
  it.each(TRIGGERS)('for $reason tells the person a person will join and queues it (urgent: $urgent)', async ({ reason, urgent }) => {
    const { client, open: openCase } = handoffClient({ locale, reason, urgent });
    const reply = await turn(client);
    expect(reply.text).toContain(person);
    expect(/[\u4e00-\u9fff]/.test(reply.text)).toBe(cjk);
    expect(reply.text.includes(urgentWord)).toBe(urgent);
    expect(reply.buttons).toContain(cancel);
    const event = reply.events.find((e) => e.name === 'handoff.initiate');
    expect(event?.value).toMatchObject({ reason, urgent });

    expect(await openCase()).toMatchObject({ reason, urgent, status: 'waiting', locale, summary: { language: locale, reason, verified: false } });
  });

  it('defaults to "asked", not urgent, when the trigger passes only the locale', async () => {
    const { client, open } = handoffClient({ locale });
    await turn(client);
    expect(await open()).toMatchObject({ reason: 'asked', urgent: false });
  });

  it('outside the agents’ hours says the request waits and will be answered here', async () => {
    const hour = String((new Date().getUTCHours() + 12) % 24).padStart(2, '0');
    const { client, open } = handoffClient({ locale, reason: 'asked' }, { hours: DutyHours.parse(`${hour}:00-${hour}:30`, 'UTC') });
    const reply = await turn(client);
    expect(reply.text).toContain(`${hour}:00-${hour}:30`);
    expect(reply.text).not.toMatch(/第 1 位|number 1/);
    expect((await open())?.outsideHours).toBe(true);
  });

  it('summarises a verified person: account id masked, the closure request and the blockers the wallet reports', async () => {
    const verified = { accountId: 'W10000009', verificationToken: 'tok', expiresAt: new Date(Date.now() + 600_000).toISOString(), maskedDestination: '138******09' };
    const wallet: HandoffDialogDeps['wallet'] = {
      getLatestClosureRequest: async () => ({
        requestId: 'CR-77',
        accountId: 'W10000009',
        status: 'rejected',
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
        emailSentTo: 'd***@example.com',
      }),
      getClosureEligibility: async () => ({ eligible: false, blockers: [{ code: 'ACCOUNT_LOCKED', detail: 'frozen by risk control' }] }),
    };
    const { client, open } = handoffClient({ locale, reason: 'frozen' }, { verified, wallet });
    await turn(client);
    const summary = (await open())?.summary;
    expect(summary).toMatchObject({ verified: true, accountId: '****0009', reason: 'frozen', closureRequest: { requestId: 'CR-77', status: 'rejected' }, blockers: ['ACCOUNT_LOCKED'] });
    expect(JSON.stringify(summary)).not.toContain('W10000009');
  });

  it('goes on without the wallet’s facts when the wallet does not answer in time', async () => {
    const verified = { accountId: 'W10000003', verificationToken: 'tok', expiresAt: new Date(Date.now() + 600_000).toISOString(), maskedDestination: '138******03' };
    const { client, open } = handoffClient({ locale, reason: 'closure_rejected' }, { verified });
    const reply = await turn(client);
    expect(reply.text).toContain(person);
    const summary = (await open())?.summary;
    expect(summary).toMatchObject({ verified: true, accountId: '****0003' });
    expect(summary?.blockers).toBeUndefined();
  });

  it('a later urgent request makes the waiting case urgent and says so', async () => {
    const { client, open, trigger } = handoffClient({ locale, reason: 'asked' });
    await turn(client);
    expect((await open())?.urgent).toBe(false);
    trigger({ locale, reason: 'money_at_risk', urgent: true });
    const again = await turn(client);
    expect(again.text).toContain(urgentWord);
    expect(await open()).toMatchObject({ urgent: true, reason: 'money_at_risk' });
  });

  it('a second request in the same conversation keeps its place instead of queueing twice', async () => {
    const { client, open } = handoffClient({ locale });
    await turn(client);
    const first = await open();
    const again = await turn(client, 'again');
    expect(again.text).toMatch(/已经在排队|already in the queue/);
    expect((await open())?.id).toBe(first?.id);
  });
});
