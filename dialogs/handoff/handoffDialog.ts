import { ActivityTypes, EventFactory, TurnContext, type Activity, type StatePropertyAccessor } from 'botbuilder';
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { AnswerService } from '../../src/knowledge/answerService';
import type { HandoffRequest, HandoffService } from '../../src/handoff/handoffService';
import { conversationKey, type TranscriptLine } from '../../src/handoff/handoffTypes';
import { buildSummary, walletFacts } from '../../src/handoff/summary';
import type { WalletClient } from '../../src/wallet/client';
import type { VerificationStore } from '../closure/verificationStore';
import type { ConversationData } from '../mainDialog';
import { reply } from '../replies';
import { cancelButton } from './handoffNotices';
import type { HandoffOptions } from './handoffOptions';
import { ht } from './handoffStrings';

export const HANDOFF_DIALOG = 'handoffDialog';

/**
 * Channels whose hosts receive event activities (Direct Line hosts, the Emulator, Azure Web Chat);
 * Teams shows people messages only, so it is not sent `handoff.initiate`. WeChat's adapter shows
 * no events either, but reads this one to hand off to WeChat's own customer service when asked to.
 */
const EVENT_CHANNELS = new Set(['directline', 'emulator', 'webchat', 'test', 'wechat']);

/** What the steps of one hand-off pass along. */
interface StepValues {
  options: HandoffOptions;
  transcript: TranscriptLine[];
}
const valuesOf = (step: WaterfallStepContext) => step.values as StepValues;

export interface HandoffDialogDeps {
  handoff: HandoffService;
  answers: AnswerService;
  conversationData: StatePropertyAccessor<ConversationData>;
  verification: VerificationStore;
  /** Asked for a verified person's closure request and blockers, for the agent's summary. */
  wallet: Pick<WalletClient, 'getLatestClosureRequest' | 'getClosureEligibility'>;
}

/**
 * Asks for a person: the conversation joins the queue (urgent cases first), the person is told
 * their place or, outside the agents' hours, that the request waits and is answered here later.
 * The dialog ends at once: while waiting the person can still ask the bot, or cancel the request.
 * Hosts with their own agent desk get Bot Framework's `handoff.initiate` event with the transcript.
 */
export class HandoffDialog extends WaterfallDialog {
  constructor(private readonly deps: HandoffDialogDeps) {
    super(HANDOFF_DIALOG);
    this.addStep(this.requestStep.bind(this));
    this.addStep(this.tellStep.bind(this));
    this.addStep(this.announceStep.bind(this));
  }

  /** Puts the conversation in the queue with the summary the agent will see. */
  private async requestStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = handoffOptions(step.options);
    const { context } = step;
    const reference = TurnContext.getConversationReference(context.activity);
    const transcript = await this.deps.handoff.store.transcript(conversationKey(reference));
    const data = await this.deps.conversationData.get(context, {});
    const verified = await this.deps.verification.valid(context);
    const summary = {
      ...buildSummary(
        options,
        { ...(data.misses !== undefined ? { misses: data.misses } : {}), ...(verified ? { verifiedAccountId: verified.accountId } : {}) },
        transcript,
        this.deps.answers,
      ),
      ...(verified ? await walletFacts(this.deps.wallet, verified) : {}),
    };
    Object.assign(step.values, { options, transcript } satisfies StepValues);
    return step.next(await this.deps.handoff.request(reference, options, summary));
  }

  /** Tells the person a person will join and where they are in the queue (or that it waits for the agents' hours). */
  private async tellStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const request = step.result as HandoffRequest;
    const { locale } = valuesOf(step).options;
    const { handoffCase, position } = request;
    if (handoffCase.status === 'claimed') {
      await step.context.sendActivity(reply(ht('alreadyWithAgent', locale), locale));
      return step.endDialog();
    }
    const text = request.existing && !request.escalated
      ? ht('alreadyQueued', locale, { position })
      : !request.onDuty
        ? ht('outsideHours', locale, { hours: this.deps.handoff.hours.text || ht('alwaysOnDuty', locale) })
        : ht(handoffCase.urgent ? 'queuedUrgent' : 'queued', locale, { position });
    await step.context.sendActivity(reply(text, locale, [cancelButton(locale)]));
    const announce = (!request.existing || request.escalated) && EVENT_CHANNELS.has(step.context.activity.channelId);
    return announce ? step.next(request) : step.endDialog();
  }

  /** Emits `handoff.initiate` with the masked transcript, for hosts that route it to their own desk. */
  private async announceStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { handoffCase } = step.result as HandoffRequest;
    const lines = valuesOf(step).transcript;
    const activities = lines.map(
      (line) => ({ type: ActivityTypes.Message, text: line.text, timestamp: new Date(line.at), from: { id: line.sender, role: line.sender === 'user' ? 'user' : 'bot' } }) as Activity,
    );
    const event = EventFactory.createHandoffInitiation(
      step.context,
      { caseId: handoffCase.id, reason: handoffCase.reason, urgent: handoffCase.urgent, summary: handoffCase.summary },
      { activities },
    );
    await step.context.sendActivity(event);
    return step.endDialog();
  }
}

/** The options a trigger passed ("转人工" from the main dialog passes only the locale), with the defaults: asked for, not urgent unless money or a scam is at stake. */
function handoffOptions(raw: unknown): HandoffOptions {
  const given = (raw ?? {}) as Partial<HandoffOptions>;
  const reason = given.reason ?? 'asked';
  return {
    locale: given.locale ?? 'zh-CN',
    reason,
    urgent: given.urgent ?? (reason === 'money_at_risk' || reason === 'scam'),
  };
}
