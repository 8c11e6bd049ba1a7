import { ActivityTypes, type Activity, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  Dialog,
  DialogTurnStatus,
  type DialogContext,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import type { AnswerResult, AnswerService } from '../src/knowledge/answerService';
import { localeSchema, type Locale } from '../src/knowledge/topicSchema';
import { detectLocale } from '../src/nlu/language';
import { askAboutStep, flowCommand, isAboutSomeoneElse, isComplaint, isQuestion, smallTalk } from '../src/nlu/flowCommands';
import { SAFETY_TOPICS } from '../src/nlu/safety';
import { handoffReasonSchema, parseActionValue } from './actionValues';
import { findAccountRef } from './closure/identityInput';
import { atStep, followUpContext, withAnswer } from './conversationContext';
import { answerText } from './faqDialog';
import type { HandoffOptions, HandoffReason } from './handoff/handoffOptions';
import { channelLocale, type ConversationData, type FlowIntent } from './mainDialog';
import { intentButton, reply } from './replies';
import { t } from './strings';

/**
 * A flow (closure, status) that people can step out of at any turn. Before the active step sees a
 * message, the flow looks at it, in this order, the same for every prompt of every flow:
 * - money at risk or a scam (the recognizer's safety signal): the safety answer at once, then an
 *   urgent hand-off, even when the message also holds what the prompt asks for (a code a scammer wants);
 * - an answer the waiting prompt accepts (a valid phone number, a 6-digit code, one of its buttons)
 *   goes to the prompt, so data is never mistaken for a question or a command;
 * - flow-wide commands (src/nlu/flowCommands.ts): cancel in any words leaves and says whether
 *   anything was filed; "start over" restarts the flow; a corrected phone, account id or email
 *   restarts identity with the new one;
 * - "转人工" / "human", or asking for the other flow, ends this one and hands the request to the
 *   main dialog, which starts it the same way it would have from scratch;
 * - someone else's account is explained (the owner verifies), a complaint acknowledged, small talk
 *   answered in a line, and a question answered (from the knowledge base read against what is on
 *   screen, else the step's own "why"): then the waiting prompt is asked again;
 * - anything else goes to the prompt, which re-asks.
 * Nested components (the identity check) are not interruptible themselves: the outermost flow
 * decides for the whole stack, looking at the innermost waiting prompt. After every turn the flow
 * writes where it is into the conversation context (dialogs/conversationContext.ts).
 */

/** What a waiting prompt is about: why it asks (answers a question at it) and its knowledge topics. */
export interface PromptAbout {
  help: Record<Locale, string>;
  topic?: string;
  /** The prompt's own message quoted the topic. */
  shown?: boolean;
  blockerTopics?: string[];
}

/** What the interruption check needs to know about the prompt that is waiting. */
export interface FlowPrompt {
  /** True when the message is an answer to this prompt; it then never counts as an interruption. */
  accepts(dc: DialogContext): boolean;
  /** Why it asks and what it is about (undefined only before the prompt has started). */
  about(dc: DialogContext): PromptAbout | undefined;
  /**
   * Whether a typed answer tells the person's language ("继续" / "continue" do; a phone number, an
   * email address or a code do not, and must not switch the conversation's language).
   */
  readonly answersShowLanguage: boolean;
}

export function isFlowPrompt(dialog: unknown): dialog is FlowPrompt {
  return typeof (dialog as Partial<FlowPrompt> | undefined)?.accepts === 'function';
}

/**
 * How a flow may end: asking the main dialog to start another flow, or to route this message afresh.
 * A hand-off carries why (HandoffOptions), so the agent's queue knows.
 */
export const flowRedirectSchema = z.object({
  redirect: z.enum(['closure.start', 'closure.status', 'handoff', 'reroute']),
  locale: localeSchema,
  reason: handoffReasonSchema.optional(),
  urgent: z.boolean().optional(),
});
export type FlowRedirect = z.infer<typeof flowRedirectSchema>;

export function parseFlowRedirect(result: unknown): FlowRedirect | undefined {
  const parsed = flowRedirectSchema.safeParse(result);
  return parsed.success ? parsed.data : undefined;
}

/** Ends a flow into the hand-off flow, for `reason`. */
export function handoffRedirect(locale: Locale, reason: HandoffReason, urgent?: boolean): FlowRedirect {
  return { redirect: 'handoff', locale, reason, ...(urgent ? { urgent } : {}) };
}

/** The hand-off a safety signal calls for: money at risk goes first in the queue. */
export function safetyHandoff(signal: NonNullable<AnswerResult['safety']>, locale: Locale): HandoffOptions {
  return signal === 'money_at_risk' ? { locale, reason: 'money_at_risk', urgent: true } : { locale, reason: 'scam' };
}

/**
 * The safety answer for a signal: its topic (src/nlu/safety.ts), or what to check before closing
 * while that topic is not in the knowledge base.
 */
export function safetyAnswer(answers: AnswerService, signal: NonNullable<AnswerResult['safety']>, locale: Locale): AnswerResult | undefined {
  return answers.answerTopic(SAFETY_TOPICS[signal], locale) ?? answers.answerTopic('security-before-closing', locale);
}

/**
 * Sends what a safety signal calls for before its hand-off: the answer to a question about closing
 * that rode along with it ("my phone was stolen, what should I secure before closing?"), then the
 * safety answer. Returns the topic last answered, for the conversation's context.
 */
export async function sendSafetyAnswers(context: TurnContext, answers: AnswerService, result: AnswerResult): Promise<string | undefined> {
  const signal = result.safety;
  if (!signal) return undefined;
  const safety = safetyAnswer(answers, signal, result.locale);
  const asked = result.intent === 'faq' && result.topic && result.topic.id !== safety?.topic?.id ? result : undefined;
  if (asked?.answer) await context.sendActivity(reply(asked.answer, result.locale, [], asked.sources));
  if (safety?.answer) await context.sendActivity(reply(safety.answer, result.locale, [], safety.sources));
  return safety?.topic?.id ?? asked?.topic?.id;
}

export interface InterruptionDeps {
  answers: AnswerService;
  conversationData: StatePropertyAccessor<ConversationData>;
}

const FLOW_LOCALE = Symbol('flowLocale');
const GIVEN_REF = Symbol('givenAccountRef');

/** The language of this turn's replies inside a flow (set by the flow before any step runs). */
export function flowLocale(context: TurnContext, fallback: Locale = 'zh-CN'): Locale {
  return (context.turnState.get(FLOW_LOCALE) as Locale | undefined) ?? fallback;
}

function setFlowLocale(context: TurnContext, locale: Locale): void {
  context.turnState.set(FLOW_LOCALE, locale);
}

/**
 * A phone number, account id or email the person gave this turn (in the opening request, or as a
 * correction). Kept in the turn's memory only, never in dialog state: the identity step takes it.
 */
export function giveAccountRef(context: TurnContext, ref: string): void {
  context.turnState.set(GIVEN_REF, ref);
}

/** The account reference given this turn, removed as it is read so it is used once. */
export function takeGivenAccountRef(context: TurnContext): string | undefined {
  const ref = context.turnState.get(GIVEN_REF) as string | undefined;
  context.turnState.delete(GIVEN_REF);
  return ref;
}

export function hasGivenAccountRef(context: TurnContext): boolean {
  return context.turnState.get(GIVEN_REF) !== undefined;
}

/** The innermost active dialog of a stack, with the context it runs in. */
export function activeLeaf(dc: DialogContext): { dc: DialogContext; dialog: Dialog | undefined } {
  let current = dc;
  for (let child = current.child; child; child = current.child) current = child;
  const id = current.activeDialog?.id;
  return { dc: current, dialog: id ? current.findDialog(id) : undefined };
}

/** A message that holds a phone, account id or email and little else is a new one, wherever it is typed. */
const MOSTLY_REF_CHARS = 6;

export abstract class InterruptibleDialog extends ComponentDialog {
  /** The intent that starts this flow; asking for it again mid-flow just re-asks the current step. */
  protected abstract readonly flowIntent: FlowIntent;

  protected constructor(
    dialogId: string,
    protected readonly interruption: InterruptionDeps,
  ) {
    super(dialogId);
  }

  /** What to say when the person leaves with "cancel"; may depend on how far the flow got. */
  protected abstract cancelledMessage(innerDc: DialogContext, locale: Locale): string;

  /**
   * Starts the flow again from its beginning ("start over"), or from identity ("my number was
   * wrong"; the new one, if given, is in `takeGivenAccountRef`). The stack is already cleared.
   */
  protected abstract restart(innerDc: DialogContext, locale: Locale, from: 'start' | 'identity'): Promise<DialogTurnResult>;

  /** The flow's own intent asked for again mid-flow: by default the current step is re-asked. */
  protected async askedAgain(innerDc: DialogContext, _locale: Locale): Promise<DialogTurnResult> {
    await innerDc.repromptDialog();
    return Dialog.EndOfTurn;
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: { locale?: Locale }): Promise<DialogTurnResult> {
    setFlowLocale(innerDc.context, options?.locale ?? (await this.conversationLocale(innerDc.context)));
    return this.recordStep(innerDc, await super.onBeginDialog(innerDc, options));
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.recordStep(innerDc, await this.continueFlow(innerDc));
  }

  private async continueFlow(innerDc: DialogContext): Promise<DialogTurnResult> {
    const { context } = innerDc;
    let locale = await this.conversationLocale(context);
    setFlowLocale(context, locale);
    if (context.activity.type !== ActivityTypes.Message) return super.onContinueDialog(innerDc);

    const leaf = activeLeaf(innerDc);
    const prompt = isFlowPrompt(leaf.dialog) ? leaf.dialog : undefined;
    const typed = context.activity.value === undefined ? (context.activity.text ?? '') : '';
    const data = await this.interruption.conversationData.get(context, {});
    const result = this.recognize(context, typed, locale, data);

    // Safety before the prompt: "he says he's support and wants this code: 123456" holds a valid
    // code, but it must get the warning, not be checked.
    if (result.safety) {
      if (result.locale !== locale) await this.useLocale(context, result.locale);
      await sendSafetyAnswers(context, this.interruption.answers, result);
      const { reason, urgent } = safetyHandoff(result.safety, result.locale);
      return this.leaveFor(innerDc, handoffRedirect(result.locale, reason, urgent));
    }

    if (prompt?.accepts(leaf.dc)) {
      if (prompt.answersShowLanguage && context.activity.value === undefined) {
        const shown = detectLocale(typed, locale);
        if (shown !== locale) await this.useLocale(context, shown);
      }
      return super.onContinueDialog(innerDc);
    }

    if (result.locale !== locale) {
      locale = result.locale;
      await this.useLocale(context, locale);
    }

    const command = flowCommand(typed);
    const ref = typed ? findAccountRef(typed) : undefined;
    if (command === 'cancel') {
      await context.sendActivity(reply(this.cancelledMessage(innerDc, locale), locale));
      await innerDc.cancelAllDialogs();
      return { status: DialogTurnStatus.complete };
    }
    if (command === 'startOver') {
      await context.sendActivity(reply(t('startingOver', locale), locale));
      await innerDc.cancelAllDialogs();
      return this.restart(innerDc, locale, 'start');
    }
    if (command === 'correction' || (ref && typed.replace(/\s/g, '').length - ref.length <= MOSTLY_REF_CHARS)) {
      if (ref) giveAccountRef(context, ref);
      await context.sendActivity(reply(t(ref ? 'correctionWithValue' : 'correctionAskAgain', locale), locale));
      await innerDc.cancelAllDialogs();
      return this.restart(innerDc, locale, 'identity');
    }

    const about = prompt?.about(leaf.dc);
    // "where did you send it?" is the step's to answer; "why do you need that?" too, unless the
    // knowledge base answers it with the step's own topic.
    const onStepTopic = result.intent === 'faq' && result.topic?.id === about?.topic;
    const aboutStep = askAboutStep(typed);
    if (about && result.intent !== 'handoff' && (aboutStep === 'where' || (aboutStep === 'why' && !onStepTopic))) {
      return this.sayAndReprompt(innerDc, reply(about.help[locale], locale));
    }
    switch (result.intent) {
      case 'handoff':
        return this.leaveFor(innerDc, handoffRedirect(locale, 'asked'));
      case 'closure.start':
      case 'closure.status':
        if (isAboutSomeoneElse(typed)) return this.sayAndReprompt(innerDc, reply(t('someoneElse', locale), locale));
        if (result.intent !== this.flowIntent) return this.leaveFor(innerDc, { redirect: result.intent, locale });
        return this.askedAgain(innerDc, locale);
      case 'faq':
        if (result.answer !== undefined && result.topic) {
          await context.sendActivity(reply(answerText(result, data.context?.topic, typed), locale, [], result.sources));
          data.context = withAnswer(data.context, result.topic.id);
          await innerDc.repromptDialog();
          return Dialog.EndOfTurn;
        }
        break;
      default:
        break;
    }
    if (isAboutSomeoneElse(typed)) return this.sayAndReprompt(innerDc, reply(t('someoneElse', locale), locale));
    if (isComplaint(typed)) {
      return this.sayAndReprompt(innerDc, reply(t('complaintAck', locale), locale, [intentButton('handoff', locale, 'complaint')]));
    }
    const talk = smallTalk(typed);
    if (talk) return this.sayAndReprompt(innerDc, reply(t(talk === 'thanks' ? 'inFlowThanks' : 'inFlowAck', locale), locale));
    if (about && isQuestion(typed)) return this.sayAndReprompt(innerDc, reply(about.help[locale], locale));
    return super.onContinueDialog(innerDc);
  }

  private async sayAndReprompt(innerDc: DialogContext, activity: Partial<Activity>): Promise<DialogTurnResult> {
    await innerDc.context.sendActivity(activity);
    await innerDc.repromptDialog();
    return Dialog.EndOfTurn;
  }

  /** A tapped topic or intent button, or the typed text through the same recognizer as the main dialog, read against the context. */
  private recognize(context: TurnContext, text: string, locale: Locale, data: ConversationData): AnswerResult {
    const action = parseActionValue(context.activity.value);
    if (action?.action === 'topic') {
      return this.interruption.answers.answerTopic(action.topicId, locale) ?? { intent: 'out_of_scope', locale, sources: [] };
    }
    if (action?.action === 'intent') return { intent: action.intent, locale, sources: [] };
    if (action) return { intent: 'out_of_scope', locale, sources: [] };
    // At a prompt only a question is read against the context: "my phone is 12345" is a (bad) answer;
    // a question about the step itself is the step's to answer unless it names its topic outright.
    const followUp = isQuestion(text) && !askAboutStep(text) ? followUpContext(data.context) : undefined;
    return this.interruption.answers.answer(text, { fallbackLocale: locale, ...(followUp ? { context: followUp } : {}) });
  }

  /** Ends the flow (and everything under it) and asks the main dialog to start another one instead. */
  private async leaveFor(innerDc: DialogContext, redirect: FlowRedirect): Promise<DialogTurnResult> {
    await innerDc.cancelAllDialogs();
    return { status: DialogTurnStatus.complete, result: redirect };
  }

  /** Writes where the person is now (the waiting step and its topics, or no flow) into the conversation context. */
  private async recordStep(innerDc: DialogContext, result: DialogTurnResult): Promise<DialogTurnResult> {
    const data = await this.interruption.conversationData.get(innerDc.context, {});
    const leaf = result.status === DialogTurnStatus.waiting ? activeLeaf(innerDc) : undefined;
    const prompt = leaf && isFlowPrompt(leaf.dialog) ? leaf.dialog : undefined;
    const about = leaf && prompt ? prompt.about(leaf.dc) : undefined;
    if (about?.topic && about.shown) data.context = withAnswer(data.context, about.topic);
    const step = leaf?.dc.activeDialog
      ? {
          flow: this.flowIntent,
          step: leaf.dc.activeDialog.id,
          ...(about?.topic ? { topic: about.topic } : {}),
          ...(about?.blockerTopics ? { blockerTopics: about.blockerTopics } : {}),
        }
      : undefined;
    data.context = atStep(data.context, step);
    await this.interruption.conversationData.set(innerDc.context, data);
    return result;
  }

  private async conversationLocale(context: TurnContext): Promise<Locale> {
    const data = await this.interruption.conversationData.get(context, {});
    return data.locale ?? channelLocale(context.activity.locale) ?? this.interruption.answers.defaultLocale;
  }

  /** The person switched language: reply in it from now on, in this flow and after. */
  private async useLocale(context: TurnContext, locale: Locale): Promise<void> {
    const data = await this.interruption.conversationData.get(context, {});
    data.locale = locale;
    await this.interruption.conversationData.set(context, data);
    setFlowLocale(context, locale);
  }
}
