import { ActivityTypes, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
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
import { isCancel } from '../src/nlu/recognizer';
import { parseActionValue } from './actionValues';
import { channelLocale, type ConversationData, type FlowIntent } from './mainDialog';
import { reply } from './replies';

/**
 * A flow (closure, status) that people can step out of at any turn. Before the active step sees a
 * message, the flow looks at it:
 * - an answer the waiting prompt accepts (a valid phone number, a 6-digit code, one of its buttons)
 *   always goes to the prompt, so data is never mistaken for a question or a command;
 * - "取消" / "cancel" leaves the flow and says so;
 * - "转人工" / "human", or asking for the other flow, ends this one and hands the request to the
 *   main dialog, which starts it the same way it would have from scratch;
 * - a knowledge question gets its answer, then the waiting prompt is asked again, when the prompt
 *   allows questions (`FlowPrompt.allowsQuestions`);
 * - anything else goes to the prompt, which re-asks.
 * Nested components (the identity check) are not interruptible themselves: the outermost flow
 * decides for the whole stack, looking at the innermost waiting prompt.
 */

/** What the interruption check needs to know about the prompt that is waiting. */
export interface FlowPrompt {
  /** True when the message is an answer to this prompt; it then never counts as an interruption. */
  accepts(dc: DialogContext): boolean;
  /** Whether a knowledge question may interrupt this prompt (answered, then the prompt is re-asked). */
  readonly allowsQuestions: boolean;
  /**
   * Whether a typed answer tells the person's language ("继续" / "continue" do; a phone number, an
   * email address or a code do not, and must not switch the conversation's language).
   */
  readonly answersShowLanguage: boolean;
}

export function isFlowPrompt(dialog: unknown): dialog is FlowPrompt {
  return typeof (dialog as Partial<FlowPrompt> | undefined)?.accepts === 'function';
}

/** How a flow may end: asking the main dialog to start another flow, or to route this message afresh. */
export const flowRedirectSchema = z.object({
  redirect: z.enum(['closure.start', 'closure.status', 'handoff', 'reroute']),
  locale: localeSchema,
});
export type FlowRedirect = z.infer<typeof flowRedirectSchema>;

export function parseFlowRedirect(result: unknown): FlowRedirect | undefined {
  const parsed = flowRedirectSchema.safeParse(result);
  return parsed.success ? parsed.data : undefined;
}

export interface InterruptionDeps {
  answers: AnswerService;
  conversationData: StatePropertyAccessor<ConversationData>;
}

const FLOW_LOCALE = Symbol('flowLocale');

/** The language of this turn's replies inside a flow (set by the flow before any step runs). */
export function flowLocale(context: TurnContext, fallback: Locale = 'zh-CN'): Locale {
  return (context.turnState.get(FLOW_LOCALE) as Locale | undefined) ?? fallback;
}

function setFlowLocale(context: TurnContext, locale: Locale): void {
  context.turnState.set(FLOW_LOCALE, locale);
}

/** The innermost active dialog of a stack, with the context it runs in. */
export function activeLeaf(dc: DialogContext): { dc: DialogContext; dialog: Dialog | undefined } {
  let current = dc;
  for (let child = current.child; child; child = current.child) current = child;
  const id = current.activeDialog?.id;
  return { dc: current, dialog: id ? current.findDialog(id) : undefined };
}

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

  protected override async onBeginDialog(innerDc: DialogContext, options?: { locale?: Locale }): Promise<DialogTurnResult> {
    setFlowLocale(innerDc.context, options?.locale ?? (await this.conversationLocale(innerDc.context)));
    return super.onBeginDialog(innerDc, options);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const { context } = innerDc;
    let locale = await this.conversationLocale(context);
    setFlowLocale(context, locale);
    if (context.activity.type !== ActivityTypes.Message) return super.onContinueDialog(innerDc);

    const leaf = activeLeaf(innerDc);
    const prompt = isFlowPrompt(leaf.dialog) ? leaf.dialog : undefined;
    if (prompt?.accepts(leaf.dc)) {
      if (prompt.answersShowLanguage && context.activity.value === undefined) {
        const typed = detectLocale(context.activity.text ?? '', locale);
        if (typed !== locale) await this.useLocale(context, typed);
      }
      return super.onContinueDialog(innerDc);
    }

    const text = context.activity.text ?? '';
    const result = this.recognize(context, text, locale);
    if (result.locale !== locale) {
      locale = result.locale;
      await this.useLocale(context, locale);
    }

    if (isCancel(text)) {
      const message = this.cancelledMessage(innerDc, locale);
      await context.sendActivity(reply(message, locale));
      await innerDc.cancelAllDialogs();
      return { status: DialogTurnStatus.complete };
    }
    switch (result.intent) {
      case 'handoff':
        return this.leaveFor(innerDc, 'handoff', locale);
      case 'closure.start':
      case 'closure.status':
        if (result.intent !== this.flowIntent) return this.leaveFor(innerDc, result.intent, locale);
        await innerDc.repromptDialog();
        return Dialog.EndOfTurn;
      case 'faq':
        if (result.answer !== undefined && (prompt?.allowsQuestions ?? true)) {
          await context.sendActivity(reply(result.answer, locale, [], result.sources));
          await innerDc.repromptDialog();
          return Dialog.EndOfTurn;
        }
        break;
      default:
        break;
    }
    return super.onContinueDialog(innerDc);
  }

  /** A tapped topic or intent button, or the typed text through the same recognizer as the main dialog. */
  private recognize(context: TurnContext, text: string, locale: Locale): AnswerResult {
    const action = parseActionValue(context.activity.value);
    if (action?.action === 'topic') {
      return this.interruption.answers.answerTopic(action.topicId, locale) ?? { intent: 'out_of_scope', locale, sources: [] };
    }
    if (action?.action === 'intent') return { intent: action.intent, locale, sources: [] };
    if (action) return { intent: 'out_of_scope', locale, sources: [] };
    return this.interruption.answers.answer(text, { fallbackLocale: locale });
  }

  /** Ends the flow (and everything under it) and asks the main dialog to start `intent` instead. */
  private async leaveFor(innerDc: DialogContext, intent: FlowRedirect['redirect'], locale: Locale): Promise<DialogTurnResult> {
    await innerDc.cancelAllDialogs();
    return { status: DialogTurnStatus.complete, result: { redirect: intent, locale } satisfies FlowRedirect };
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
