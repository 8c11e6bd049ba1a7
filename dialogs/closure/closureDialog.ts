import { createHash } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { WaterfallDialog, type DialogContext, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import type { Locale } from '../../src/knowledge/topicSchema';
import { newIdempotencyKey } from '../../src/wallet/client';
import { flowLocale, handoffRedirect, hasGivenAccountRef, InterruptibleDialog, type FlowRedirect } from '../interruptibleDialog';
import { reply } from '../replies';
import { ChoicePrompt, choiceButton, choiceRetry, type ChoiceResult } from './choicePrompt';
import { ct, ctAll } from './closureStrings';
import { ELIGIBILITY_DIALOG, EligibilityDialog, type EligibilityOptions, type EligibilityResult } from './eligibilityDialog';
import { FILE_REQUEST_DIALOG, FileRequestDialog, type FilingOptions, type FilingResult } from './fileRequestDialog';
import { topicText, type ClosureFlowDeps } from './flowDeps';
import { bilingual, flowPromptOptions } from './flowPrompt';
import { IDENTITY_DIALOG, IdentityDialog, type IdentityOptions, type IdentityResult } from './identityDialog';

/** What the closure waterfall keeps between its steps (dialog state). */
interface StepValues {
  filing?: Omit<FilingOptions, 'locale'>;
}

export const CLOSURE_DIALOG = 'closureDialog';
const CLOSURE_WATERFALL = 'closureWaterfall';
const INTENT_CHOICE = 'closureIntentChoice';
const TERMS_CHOICE = 'closureTermsChoice';

/** "Tell me more" answers these in turn, then starts over. */
const MORE_TOPICS = ['data-after-closure', 'closure-terms', 'recovery-after-closure'] as const;

export interface ClosureOptions {
  locale: Locale;
  /** Straight to identity (after "tell me more" the question is asked short; after an expired verification it is skipped). */
  stage?: 'intro' | 'reask' | 'identify';
  /** How many "tell me more" answers were given. */
  moreShown?: number;
  /** Kept across a re-verification so the filing stays the same request. */
  idempotencyKey?: string;
}

/**
 * "我要注销账户" / "close my account": consequences, identity, eligibility, terms, filing.
 *
 *   confirm intent ──more──> knowledge answer ──> confirm intent
 *        │ continue                     not now ──> nothing filed
 *   identity (reuses a valid verification) ──locked──> stop, offer an agent
 *   eligibility ──blockers──> what to do + "check again" (never files)
 *   terms (idempotency key created here) ──disagree──> nothing filed
 *   file (same key on every retry) ──wallet down──> apology + "try again"
 *        └──> request id, masked email, link completes it, timing, "check status"
 */
export class ClosureDialog extends InterruptibleDialog {
  protected readonly flowIntent = 'closure.start';

  constructor(private readonly deps: ClosureFlowDeps) {
    super(CLOSURE_DIALOG, deps);
    this.addDialog(new ChoicePrompt(INTENT_CHOICE));
    this.addDialog(new ChoicePrompt(TERMS_CHOICE));
    this.addDialog(new IdentityDialog(deps));
    this.addDialog(new EligibilityDialog(deps));
    this.addDialog(new FileRequestDialog(deps));
    this.addDialog(
      new WaterfallDialog<ClosureOptions>(CLOSURE_WATERFALL, [
        this.confirmIntentStep.bind(this),
        this.identifyStep.bind(this),
        this.checkEligibilityStep.bind(this),
        this.showTermsStep.bind(this),
        this.fileStep.bind(this),
        this.finishStep.bind(this),
      ]),
    );
    this.initialDialogId = CLOSURE_WATERFALL;
  }

  protected cancelledMessage(innerDc: DialogContext, locale: Locale): string {
    // Once a filing was attempted the wallet may have it, even if it never answered: say so.
    const filing = innerDc.stack.some((instance) => instance.id === FILE_REQUEST_DIALOG);
    return ct(filing ? 'cancelledWhileFiling' : 'cancelledClosure', locale);
  }

  protected async restart(innerDc: DialogContext, locale: Locale, from: 'start' | 'identity'): Promise<DialogTurnResult> {
    await this.deps.verification.clear(innerDc.context);
    return innerDc.beginDialog(CLOSURE_WATERFALL, { locale, ...(from === 'identity' ? { stage: 'identify' } : {}) } satisfies ClosureOptions);
  }

  /**
   * States the consequences in two lines and asks: continue / tell me more / not now. A request that
   * already names the account ("close account W… please") is taken as the go-ahead: the
   * consequences are said, and identity starts with what was given.
   */
  private async confirmIntentStep(step: WaterfallStepContext<ClosureOptions>): Promise<DialogTurnResult> {
    const { options } = step;
    if (options.stage === 'identify') return step.next('continue' satisfies ChoiceResult);
    const locale = flowLocale(step.context, options.locale);
    if (hasGivenAccountRef(step.context)) {
      await step.context.sendActivity(reply(ct('introGiven', locale), locale));
      return step.next('continue' satisfies ChoiceResult);
    }
    const buttons = (l: Locale) => [choiceButton('continue', l), choiceButton('more', l), choiceButton('notNow', l)];
    const full = bilingual((l) => reply(ct('intro', l), l, buttons(l)));
    const short = bilingual((l) => reply(ct('introReprompt', l), l, buttons(l)));
    const prompt = options.stage === 'reask' ? short : full;
    return step.prompt(
      INTENT_CHOICE,
      flowPromptOptions({
        locale,
        prompt,
        reprompt: short,
        retry: choiceRetry(short, ['continue', 'more', 'notNow']),
        choices: ['continue', 'more', 'notNow'],
        help: ctAll('helpIntent'),
        topic: 'data-after-closure',
      }),
    );
  }

  /** "Tell me more" answers from the knowledge base and asks again; "continue" verifies identity. */
  private async identifyStep(step: WaterfallStepContext<ClosureOptions>): Promise<DialogTurnResult> {
    const { context, options } = step;
    const locale = flowLocale(context, options.locale);
    const choice = step.result as ChoiceResult;
    if (choice === 'more') {
      const shown = options.moreShown ?? 0;
      const topic = topicText(this.deps.knowledge, MORE_TOPICS[shown % MORE_TOPICS.length]!, locale);
      if (topic) await context.sendActivity(reply(topic.text, locale, [], topic.sources));
      return step.replaceDialog(CLOSURE_WATERFALL, { ...options, stage: 'reask', moreShown: shown + 1 } satisfies ClosureOptions);
    }
    if (choice !== 'continue') {
      await context.sendActivity(reply(ct('notNowBye', locale), locale));
      return step.endDialog();
    }
    return step.beginDialog(IDENTITY_DIALOG, { locale, reuse: true } satisfies IdentityOptions);
  }

  /** Verified: asks the wallet whether the account can be closed. Locked: stops and hands over to an agent. */
  private async checkEligibilityStep(step: WaterfallStepContext<ClosureOptions>): Promise<DialogTurnResult> {
    const result = step.result as IdentityResult;
    const locale = flowLocale(step.context, step.options.locale);
    if (result.status === 'locked') {
      const sentences = [ct('locked', locale)];
      if (result.retryAfterSeconds) sentences.push(ct('lockedRetryAfter', locale, { minutes: Math.ceil(result.retryAfterSeconds / 60) }));
      await step.context.sendActivity(reply(sentences.join(ct('sentenceSeparator', locale)), locale));
      return step.endDialog(handoffRedirect(locale, 'locked_out'));
    }
    return step.beginDialog(ELIGIBILITY_DIALOG, { locale } satisfies EligibilityOptions);
  }

  /** Eligible: shows the closure terms from the knowledge base and asks for explicit agreement. */
  private async showTermsStep(step: WaterfallStepContext<ClosureOptions>): Promise<DialogTurnResult> {
    const { context, options } = step;
    const result = step.result as EligibilityResult;
    const locale = flowLocale(context, options.locale);
    switch (result.status) {
      case 'reverify':
        return step.replaceDialog(CLOSURE_WATERFALL, this.restartAtIdentity(options, locale));
      case 'reroute':
        return step.endDialog({ redirect: 'reroute', locale } satisfies FlowRedirect);
      case 'stopped':
        return step.endDialog();
      case 'frozen':
        return step.endDialog(handoffRedirect(locale, 'frozen'));
      case 'refused':
        return step.endDialog(handoffRedirect(locale, 'closure_rejected'));
      case 'eligible':
        break;
    }
    // The key exists before the person can agree: two racing taps of "agree" read the same state and
    // send the same key, so the wallet files once.
    const filing: Omit<FilingOptions, 'locale'> = {
      idempotencyKey: options.idempotencyKey ?? newIdempotencyKey(),
      acceptedTermsVersion: termsVersion(this.deps.knowledge),
      channel: channelOf(context),
    };
    (step.values as StepValues).filing = filing;
    const buttons = (l: Locale) => [choiceButton('agree', l), choiceButton('disagree', l)];
    const prompt = bilingual((l) => {
      const terms = topicText(this.deps.knowledge, 'closure-terms', l);
      const text = terms ? `${terms.text}\n\n${ct('termsAsk', l)}` : `${ct('intro', l).split('\n\n')[0]}\n\n${ct('termsAsk', l)}`;
      return reply(text, l, buttons(l), terms?.sources);
    });
    const reprompt = bilingual((l) => reply(ct('termsAsk', l), l, buttons(l)));
    return step.prompt(
      TERMS_CHOICE,
      flowPromptOptions({
        locale,
        prompt,
        reprompt,
        retry: choiceRetry(reprompt, ['agree', 'disagree']),
        choices: ['agree', 'disagree'],
        help: ctAll('helpTerms'),
        topic: 'closure-terms',
        topicShown: true,
      }),
    );
  }

  /** "Agree" files with the key made above; "don't agree" ends politely with nothing filed. */
  private async fileStep(step: WaterfallStepContext<ClosureOptions>): Promise<DialogTurnResult> {
    const locale = flowLocale(step.context, step.options.locale);
    if ((step.result as ChoiceResult) !== 'agree') {
      await step.context.sendActivity(reply(ct('disagreeBye', locale), locale));
      return step.endDialog();
    }
    const { filing } = step.values as Required<StepValues>;
    return step.beginDialog(FILE_REQUEST_DIALOG, { ...filing, locale } satisfies FilingOptions);
  }

  /** Done, or verify again (the token expired while reading the terms) and file with the same key. */
  private async finishStep(step: WaterfallStepContext<ClosureOptions>): Promise<DialogTurnResult> {
    const result = step.result as FilingResult;
    const locale = flowLocale(step.context, step.options.locale);
    if (result.status === 'refused') return step.endDialog(handoffRedirect(locale, 'closure_rejected'));
    if (result.status !== 'reverify') return step.endDialog();
    const { filing } = step.values as Required<StepValues>;
    return step.replaceDialog(CLOSURE_WATERFALL, { ...this.restartAtIdentity(step.options, locale), idempotencyKey: filing.idempotencyKey });
  }

  private restartAtIdentity(options: ClosureOptions, locale: Locale): ClosureOptions {
    return { ...options, locale, stage: 'identify' };
  }
}

/** Which closure terms were agreed to: a digest of the knowledge base's closure-terms in every language. */
export function termsVersion(knowledge: KnowledgeBase): string {
  const bodies = (['zh-CN', 'en'] as const).map((l) => knowledge.get('closure-terms', l)?.body ?? '');
  if (bodies.every((b) => b === '')) return 'builtin';
  return `kb-${createHash('sha256').update(bodies.join('\u0000')).digest('hex').slice(0, 12)}`;
}

function channelOf(context: TurnContext): string {
  return (context.activity.channelId || 'unknown').slice(0, 32);
}
