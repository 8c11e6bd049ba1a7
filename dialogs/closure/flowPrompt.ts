import type { Activity, TurnContext } from 'botbuilder';
import { Prompt, type DialogContext, type PromptOptions, type PromptValidator } from 'botbuilder-dialogs';
import { LOCALES, type Locale } from '../../src/knowledge/topicSchema';
import { flowLocale, type FlowPrompt, type PromptAbout } from '../interruptibleDialog';

/** One message rendered in every language, so a re-ask follows the person if they switch language. */
export type Bilingual = Record<Locale, Partial<Activity>>;

export function bilingual(render: (locale: Locale) => Partial<Activity>): Bilingual {
  return Object.fromEntries(LOCALES.map((locale) => [locale, render(locale)])) as Bilingual;
}

/** What a flow prompt shows; kept in the prompt's dialog state (so never put a secret here). */
export interface FlowPromptSpec {
  /** Shown when the prompt starts. */
  prompt: Bilingual;
  /** Shown when the prompt is asked again after an interruption or a restart (default: `prompt`). */
  reprompt?: Bilingual;
  /** Shown when the answer was not understood and the validator said nothing (default: `reprompt`). */
  retry?: Bilingual;
  /** The language the flow was in when the prompt started. */
  locale: Locale;
  /**
   * Why the step asks what it asks, in every language: the answer to a question at this step that
   * the knowledge base does not answer ("what's the code for?"). Every prompt has one.
   */
  help: Record<Locale, string>;
  /** The knowledge topic this step is about: short follow-ups here are read against it. */
  topic?: string;
  /** The step's message quotes that topic (the terms): asked about, it is summed up, not repeated. */
  topicShown?: boolean;
  /** The knowledge topics of the blockers this step shows. */
  blockerTopics?: string[];
}

export interface FlowPromptOptions<S extends FlowPromptSpec = FlowPromptSpec> extends PromptOptions {
  validations: S;
}

export function flowPromptOptions<S extends FlowPromptSpec>(spec: S): FlowPromptOptions<S> {
  return { validations: spec };
}

/**
 * Base of the closure flows' prompts: renders its message in the turn's language and tells the
 * interruption check (InterruptibleDialog) which messages are answers to it.
 */
export abstract class FlowPromptBase<T, S extends FlowPromptSpec = FlowPromptSpec> extends Prompt<T> implements FlowPrompt {
  abstract readonly answersShowLanguage: boolean;

  protected constructor(dialogId: string, validator?: PromptValidator<T>) {
    super(dialogId, validator);
  }

  /** True when the waiting prompt would take this message as its answer. */
  accepts(dc: DialogContext): boolean {
    const options = dc.activeDialog?.state?.options as FlowPromptOptions<S> | undefined;
    return options?.validations ? this.recognizes(dc.context, options.validations) : false;
  }

  protected abstract recognizes(context: TurnContext, spec: S): boolean;

  /** What the waiting prompt is about: its help line and knowledge topics. */
  about(dc: DialogContext): PromptAbout | undefined {
    const spec = (dc.activeDialog?.state?.options as FlowPromptOptions<S> | undefined)?.validations;
    if (!spec) return undefined;
    return {
      help: spec.help,
      ...(spec.topic ? { topic: spec.topic, shown: spec.topicShown ?? false } : {}),
      ...(spec.blockerTopics ? { blockerTopics: spec.blockerTopics } : {}),
    };
  }

  protected override async onPrompt(
    context: TurnContext,
    state: { shown?: boolean },
    options: FlowPromptOptions<S>,
    isRetry: boolean,
  ): Promise<void> {
    const spec = options.validations;
    const locale = flowLocale(context, spec.locale);
    const again = spec.reprompt ?? spec.prompt;
    const message = isRetry ? (spec.retry ?? again) : state.shown ? again : spec.prompt;
    state.shown = true;
    await context.sendActivity(message[locale]);
  }
}
