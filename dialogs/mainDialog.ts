import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  WaterfallDialog,
  type Dialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { AnswerResult, AnswerService } from '../src/knowledge/answerService';
import type { KnowledgeBase } from '../src/knowledge/knowledgeBase';
import type { Locale } from '../src/knowledge/topicSchema';
import type { FeedbackStore } from '../src/storage/feedbackStore';
import { besidesComplaint, findRequestId, isAboutSomeoneElse, isCancel, isComplaint, isWithdrawOwnRequest, isWithdrawRequest, smallTalk } from '../src/nlu/flowCommands';
import { parseActionValue, type ActionValue } from './actionValues';
import { FAQ_DIALOG, FaqDialog, faqReply, type FaqDialogOptions } from './faqDialog';
import { ct } from './closure/closureStrings';
import { findAccountRef, withoutAccountRefs } from './closure/identityInput';
import type { StatusOptions } from './closure/statusDialog';
import { followUpContext, withAnswer, type ConversationContext } from './conversationContext';
import type { HandoffOptions } from './handoff/handoffOptions';
import { giveAccountRef, parseFlowRedirect, safetyHandoff, sendSafetyAnswers } from './interruptibleDialog';
import { intentButton, reply, topicButtons } from './replies';
import { MAIN_TOPICS, t } from './strings';

export const MAIN_DIALOG = 'mainDialog';
const MAIN_WATERFALL = 'mainWaterfall';

/** The request intents whose flows live in their own dialogs. */
export type FlowIntent = 'closure.start' | 'closure.status' | 'handoff';

/** What the bot remembers about a conversation between turns. */
export interface ConversationData {
  locale?: Locale;
  /** Messages in a row the bot could not help with; two in a row offer a human. */
  misses?: number;
  /** What was just discussed: follow-ups are read against it. */
  context?: ConversationContext;
}

/** What a flow starts with besides its language: why a hand-off, which request a status is about. */
interface FlowStart {
  handoff?: HandoffOptions;
  status?: Omit<StatusOptions, 'locale'>;
}

export interface MainDialogDeps {
  answers: AnswerService;
  knowledge: KnowledgeBase;
  feedback: FeedbackStore;
  conversationData: StatePropertyAccessor<ConversationData>;
  /** Dialogs that run a flow; an intent without one gets an honest "not available yet". */
  flows?: Partial<Record<FlowIntent, Dialog>>;
}

const MISSES_BEFORE_HUMAN = 2;

/**
 * Routes each message that arrives outside a running flow: a tapped button, a greeting, a knowledge
 * question, a request to close, check status or reach a person, or something it cannot help with.
 */
export class MainDialog extends ComponentDialog {
  private readonly flowIds: Partial<Record<FlowIntent, string>> = {};

  constructor(private readonly deps: MainDialogDeps) {
    super(MAIN_DIALOG);
    this.addDialog(new FaqDialog(deps.knowledge));
    for (const [intent, dialog] of Object.entries(deps.flows ?? {}) as [FlowIntent, Dialog][]) {
      this.addDialog(dialog);
      this.flowIds[intent] = dialog.id;
    }
    this.addDialog(new WaterfallDialog(MAIN_WATERFALL, [this.routeStep.bind(this), this.afterFlowStep.bind(this)]));
    this.initialDialogId = MAIN_WATERFALL;
  }

  /** The conversation's language from what the channel says, until the person's own words say otherwise. */
  async conversationLocale(context: TurnContext): Promise<Locale> {
    const data = await this.deps.conversationData.get(context, {});
    return data.locale ?? channelLocale(context.activity.locale) ?? this.deps.answers.defaultLocale;
  }

  /** Sends the welcome with the main topics as buttons. */
  async sendWelcome(context: TurnContext, locale: Locale): Promise<void> {
    const actions = [
      ...topicButtons(this.deps.knowledge, MAIN_TOPICS, locale),
      intentButton('closure.start', locale),
      intentButton('handoff', locale),
    ];
    await context.sendActivity(reply(t('welcome', locale), locale, actions));
  }

  /**
   * A typed knowledge question, or a plain message the bot cannot help with, while no flow runs,
   * answered without starting a dialog: the same reply and the same remembered context as
   * routeStep -> handleResult (-> FaqDialog) give it, for a fraction of the cost. False (nothing
   * sent) for anything else, which the dialog then routes.
   */
  async answerDirectly(context: TurnContext): Promise<boolean> {
    if (context.activity.value !== undefined) return false;
    const data = await this.deps.conversationData.get(context, {});
    const text = context.activity.text ?? '';
    const result = await this.recognize(context, data, text);
    if (isPlainFaq(result, text)) {
      data.locale = result.locale;
      const answer = faqReply(this.deps.knowledge, this.rememberFaq(data, result, text));
      if (answer) await context.sendActivity(answer.activity);
      return true;
    }
    if (isPlainMiss(result, text)) {
      data.locale = result.locale;
      data.misses = (data.misses ?? 0) + 1;
      await this.sendFallback(context, data.misses, result.locale);
      return true;
    }
    // The dialog routes it next, from the same state: it need not recognize it again.
    context.turnState.set(RECOGNIZED, result);
    return false;
  }

  /** Recognizes the message (or the tapped button) and starts whatever answers it. */
  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const data = await this.deps.conversationData.get(context, {});
    const action = parseActionValue(context.activity.value);
    if (action) return this.handleAction(step, action, data, await this.conversationLocale(context));

    const text = context.activity.text ?? '';
    const result = await this.recognize(context, data, text);
    data.locale = result.locale;
    return this.handleResult(step, result, data, text);
  }

  /** The message recognized against what was just discussed (answerDirectly may have done it already). */
  private async recognize(context: TurnContext, data: ConversationData, text: string): Promise<AnswerResult> {
    const known = context.turnState.get(RECOGNIZED) as AnswerResult | undefined;
    if (known) {
      // Once: a flow that reroutes the message later in the turn has changed what it is read against.
      context.turnState.delete(RECOGNIZED);
      return known;
    }
    const fallback = await this.conversationLocale(context);
    const followUp = followUpContext(data.context);
    // "close account W10000006 please": the account is a slot for the flow, not words to recognize.
    const asked = findAccountRef(text) ? withoutAccountRefs(text) : text;
    return this.deps.answers.answer(asked, { fallbackLocale: fallback, ...(followUp ? { context: followUp } : {}) });
  }

  /** Notes a knowledge answer in the conversation's context; returns what the FAQ reply is built from. */
  private rememberFaq(data: ConversationData, result: AnswerResult, text: string): FaqDialogOptions {
    const previousTopic = data.context?.topic;
    data.misses = 0;
    if (result.topic) data.context = withAnswer(data.context, result.topic.id);
    return { result, question: text, ...(previousTopic ? { previousTopic } : {}) };
  }

  private async handleAction(
    step: WaterfallStepContext,
    action: ActionValue,
    data: ConversationData,
    locale: Locale,
  ): Promise<DialogTurnResult> {
    const { context } = step;
    switch (action.action) {
      case 'topic': {
        // A tapped topic is asked for in full, even right after its summary.
        const result = this.deps.answers.answerTopic(action.topicId, locale);
        if (!result?.topic) return step.endDialog();
        data.misses = 0;
        data.context = withAnswer(data.context, result.topic.id);
        return step.beginDialog(FAQ_DIALOG, { result } satisfies FaqDialogOptions);
      }
      case 'feedback':
        await this.deps.feedback.record({
          topicId: action.topicId,
          locale,
          helpful: action.helpful,
          conversationId: context.activity.conversation.id,
        });
        await context.sendActivity(
          action.helpful
            ? reply(t('feedbackThanks', locale), locale)
            : reply(t('feedbackSorry', locale), locale, [intentButton('handoff', locale)]),
        );
        return step.endDialog();
      case 'intent':
        if (action.intent === 'handoff') return this.startFlow(step, 'handoff', locale, { handoff: { locale, reason: action.reason ?? 'asked' } });
        return this.handleResult(step, { intent: action.intent, locale, sources: [] }, data);
      case 'choice':
        // A flow's button tapped after that flow ended (e.g. "agree" tapped twice): nothing to do again.
        await context.sendActivity(
          reply(ct('staleChoice', locale), locale, [intentButton('closure.start', locale), intentButton('closure.status', locale)]),
        );
        return step.endDialog();
    }
  }

  /** A flow that ended asking for another ("转人工" mid-closure) starts it here, the same way as when asked directly. */
  private async afterFlowStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const redirect = parseFlowRedirect(step.result);
    if (!redirect) return step.endDialog();
    const { locale } = redirect;
    if (redirect.redirect === 'reroute') return step.replaceDialog(MAIN_WATERFALL);
    if (redirect.redirect !== 'handoff') return this.startFlow(step, redirect.redirect, locale);
    const handoff: HandoffOptions = { locale, reason: redirect.reason ?? 'asked', ...(redirect.urgent ? { urgent: true } : {}) };
    return this.startFlow(step, 'handoff', locale, { handoff });
  }

  /**
   * Safety first; then small talk, complaints and someone else's account, which the recognizer does
   * not route; then the recognized intent, with what the message already says (a phone number, a
   * request id) handed to the flow it starts.
   */
  private async handleResult(step: WaterfallStepContext, recognized: AnswerResult, data: ConversationData, text = ''): Promise<DialogTurnResult> {
    const { context } = step;
    const { locale } = recognized;
    const complaint = isComplaint(text);
    // The anger around a request is not what it asks: "…, close my account or I'll go to the regulator".
    const result = complaint && !recognized.safety ? (this.requestInComplaint(text, locale) ?? recognized) : recognized;
    if (result.safety) {
      data.misses = 0;
      const answered = await sendSafetyAnswers(context, this.deps.answers, result);
      if (answered) data.context = withAnswer(data.context, answered);
      return this.startFlow(step, 'handoff', locale, { handoff: safetyHandoff(result.safety, locale) });
    }
    const talk = smallTalk(text);
    if (talk) {
      // Not a miss: the person is being polite, not failing to get help.
      await context.sendActivity(reply(t(`smallTalk_${talk}`, locale), locale));
      return step.endDialog();
    }
    if (result.intent === 'out_of_scope' && isCancel(text)) {
      // "cancel" with no flow running: nothing to stop, and not a miss.
      await context.sendActivity(reply(t('nothingToCancel', locale), locale, [intentButton('closure.status', locale)]));
      return step.endDialog();
    }
    if (complaint) await context.sendActivity(reply(t('complaintAck', locale), locale));
    const requestId = findRequestId(text);
    const withdraw = isWithdrawOwnRequest(text) && (result.intent === 'faq' || result.intent === 'out_of_scope');
    const intent = (requestId && result.intent !== 'handoff') || withdraw ? 'closure.status' : result.intent;
    if (isAboutSomeoneElse(text) && (intent === 'closure.start' || intent === 'closure.status' || intent === 'out_of_scope' || asksHowToCloseTheirs(result))) {
      data.misses = 0;
      const topics = topicButtons(this.deps.knowledge, ['identity-verification', 'closure-steps'], locale);
      await context.sendActivity(reply(t('someoneElse', locale), locale, topics));
      return step.endDialog();
    }
    data.misses = intent === 'out_of_scope' && !complaint ? (data.misses ?? 0) + 1 : 0;
    switch (intent) {
      case 'faq':
        return step.beginDialog(FAQ_DIALOG, this.rememberFaq(data, result, text) satisfies FaqDialogOptions);
      case 'greeting':
        await this.sendWelcome(context, locale);
        return step.endDialog();
      case 'closure.start': {
        const ref = findAccountRef(text);
        if (ref) giveAccountRef(context, ref);
        return this.startFlow(step, intent, locale);
      }
      case 'closure.status':
        return this.startFlow(step, intent, locale, { status: { ...(requestId ? { requestId } : {}), wantsCancel: isWithdrawRequest(text) } });
      case 'handoff':
        return this.startFlow(step, intent, locale, { handoff: { locale, reason: complaint ? 'complaint' : 'asked' } });
      case 'out_of_scope':
        if (complaint) {
          await context.sendActivity(reply(t('complaintHelp', locale), locale, [intentButton('handoff', locale, 'complaint')]));
          return step.endDialog();
        }
        await this.sendFallback(context, data.misses, locale);
        return step.endDialog();
    }
  }

  /** The request or question beside a complaint ("…, close my account or I'll go to the regulator"). */
  private requestInComplaint(text: string, locale: Locale): AnswerResult | undefined {
    const rest = besidesComplaint(text);
    if (!rest) return undefined;
    const result = this.deps.answers.answer(rest, { fallbackLocale: locale });
    return result.intent === 'out_of_scope' ? undefined : { ...result, locale };
  }

  private async startFlow(step: WaterfallStepContext, intent: FlowIntent, locale: Locale, start: FlowStart = {}): Promise<DialogTurnResult> {
    const dialogId = this.flowIds[intent];
    if (dialogId) {
      if (intent === 'handoff') return step.beginDialog(dialogId, start.handoff ?? ({ locale, reason: 'asked' } satisfies HandoffOptions));
      if (intent === 'closure.status') return step.beginDialog(dialogId, { locale, ...start.status } satisfies StatusOptions);
      return step.beginDialog(dialogId, { locale });
    }
    const { context } = step;
    if (intent === 'closure.start') {
      await context.sendActivity(
        reply(t('closureStartUnavailable', locale), locale, topicButtons(this.deps.knowledge, ['closure-steps', 'closure-checklist'], locale)),
      );
    } else if (intent === 'closure.status') {
      await context.sendActivity(
        reply(t('closureStatusUnavailable', locale), locale, topicButtons(this.deps.knowledge, ['confirmation-email', 'closure-timing'], locale)),
      );
    } else {
      await context.sendActivity(reply(t('handoffUnavailable', locale), locale, topicButtons(this.deps.knowledge, ['troubleshooting'], locale)));
    }
    return step.endDialog();
  }

  /** Says what the bot can help with; after repeated misses, offers a human. */
  private async sendFallback(context: TurnContext, misses: number, locale: Locale): Promise<void> {
    const topics = topicButtons(this.deps.knowledge, MAIN_TOPICS, locale);
    if (misses >= MISSES_BEFORE_HUMAN) {
      await context.sendActivity(
        reply(`${t('fallback', locale)}\n\n${t('offerHuman', locale)}`, locale, [intentButton('handoff', locale, 'repeated_misses'), ...topics]),
      );
    } else {
      await context.sendActivity(reply(t('fallback', locale), locale, topics));
    }
  }
}

/** Where a direct answer that did not apply leaves the recognized message for the dialog. */
const RECOGNIZED = Symbol('recognized message');

/**
 * A knowledge answer and nothing else to do: no safety signal, and none of what handleResult looks
 * for before an FAQ (small talk, a complaint, a request id, withdrawing a request, how to close someone
 * else's account).
 */
function isPlainFaq(result: AnswerResult, text: string): boolean {
  return (
    result.intent === 'faq' &&
    result.topic !== undefined &&
    result.answer !== undefined &&
    !result.safety &&
    !routedBeforeTheIntent(text) &&
    !(isAboutSomeoneElse(text) && asksHowToCloseTheirs(result))
  );
}

/** What handleResult answers before the recognized intent, read off the text: small talk, a complaint, a request id, withdrawing a request. */
function routedBeforeTheIntent(text: string): boolean {
  return isComplaint(text) || smallTalk(text) !== undefined || findRequestId(text) !== undefined || isWithdrawOwnRequest(text);
}

/** How to close (someone else's account, when asked so): answered by who may close it, the steps a button away. */
function asksHowToCloseTheirs(result: AnswerResult): boolean {
  return result.intent === 'faq' && result.sources[0]?.id === 'closure-steps';
}

/**
 * A message the bot cannot help with and nothing else: what handleResult sends the plain fallback
 * for (no safety signal, small talk, cancel, complaint, request id, withdrawal, someone else's account).
 */
function isPlainMiss(result: AnswerResult, text: string): boolean {
  return (
    result.intent === 'out_of_scope' &&
    !result.safety &&
    !routedBeforeTheIntent(text) &&
    !isCancel(text) &&
    !isAboutSomeoneElse(text)
  );
}

/** Maps a channel's locale ("en-US", "zh-cn", "zh-Hans") to one the knowledge base has. */
export function channelLocale(locale: string | undefined): Locale | undefined {
  if (!locale) return undefined;
  const lower = locale.toLowerCase();
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}
