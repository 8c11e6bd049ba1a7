import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Locale } from '../../src/knowledge/topicSchema';
import {
  WalletAuthError,
  WalletClosureInProgressError,
  WalletInvalidRequestError,
  WalletNotEligibleError,
  WalletUnavailableError,
} from '../../src/wallet/errors';
import type { ClosureRequestFiled } from '../../src/wallet/schemas';
import type { TurnContext } from 'botbuilder';
import { asCard } from '../cards/adaptiveCard';
import { filedCard } from '../cards/closureCards';
import { flowLocale } from '../interruptibleDialog';
import { intentButton, reply, topicButtons } from '../replies';
import { blockerButtons, blockersText } from './blockers';
import { ChoicePrompt, choiceButton, choiceRetry, type ChoiceResult } from './choicePrompt';
import { ct, ctAll } from './closureStrings';
import { showTyping, topicSummary, type ClosureFlowDeps } from './flowDeps';
import { bilingual, flowPromptOptions } from './flowPrompt';

export const FILE_REQUEST_DIALOG = 'fileRequestDialog';
const FILE_WATERFALL = 'fileRequestWaterfall';
const FILE_RETRY_CHOICE = 'fileRetryChoice';

/** Everything a filing sends, fixed before the first attempt so every retry sends the very same request. */
export interface FilingOptions {
  locale: Locale;
  /** Created once, before the first attempt, and reused by every retry, double tap and restart. */
  idempotencyKey: string;
  acceptedTermsVersion: string;
  channel: string;
}

/** `refused`: the wallet turned the request down for a reason the bot cannot fix (an agent can). */
export type FilingResult = { status: 'filed'; requestId: string } | { status: 'stopped' | 'reverify' | 'refused' };

/**
 * Files the closure request with the idempotency key it was given. When the wallet does not answer,
 * it apologises, keeps everything and offers "try again" with the same key: the wallet replays the
 * first success for a key, so nothing is ever filed twice.
 */
export class FileRequestDialog extends ComponentDialog {
  constructor(private readonly deps: ClosureFlowDeps) {
    super(FILE_REQUEST_DIALOG);
    this.addDialog(new ChoicePrompt(FILE_RETRY_CHOICE));
    this.addDialog(new WaterfallDialog<FilingOptions>(FILE_WATERFALL, [this.fileStep.bind(this), this.afterFailureStep.bind(this)]));
    this.initialDialogId = FILE_WATERFALL;
  }

  /** Files (or re-files with the same key) and reports the outcome. */
  private async fileStep(step: WaterfallStepContext<FilingOptions>): Promise<DialogTurnResult> {
    const { context, options } = step;
    const locale = flowLocale(context, options.locale);
    const session = await this.deps.verification.valid(context);
    if (!session) return this.reverify(step, locale);

    let filed: ClosureRequestFiled;
    try {
      await showTyping(context);
      filed = await this.deps.wallet.fileClosureRequest(session, {
        idempotencyKey: options.idempotencyKey,
        acceptedTermsVersion: options.acceptedTermsVersion,
        channel: options.channel,
      });
    } catch (err) {
      if (err instanceof WalletUnavailableError) {
        const prompt = bilingual((l) => reply(ct('fileFailed', l), l, [choiceButton('retry', l), choiceButton('notNow', l)]));
        return step.prompt(
          FILE_RETRY_CHOICE,
          flowPromptOptions({ locale, prompt, retry: choiceRetry(prompt, ['retry', 'notNow']), choices: ['retry', 'notNow'], help: ctAll('helpFileRetry') }),
        );
      }
      if (err instanceof WalletNotEligibleError) {
        // Something changed since the check (the wallet re-checks when filing): nothing was filed.
        await context.sendActivity(reply(blockersText(err.blockers, locale), locale, blockerButtons(this.deps.knowledge, err.blockers, locale)));
        return step.endDialog({ status: 'stopped' } satisfies FilingResult);
      }
      if (err instanceof WalletClosureInProgressError) {
        await context.sendActivity(
          reply(ct('blockerInProgress', locale, { requestId: err.requestId }), locale, [intentButton('closure.status', locale)]),
        );
        return step.endDialog({ status: 'stopped' } satisfies FilingResult);
      }
      if (err instanceof WalletAuthError) {
        await this.deps.verification.clear(context);
        return this.reverify(step, locale);
      }
      if (err instanceof WalletInvalidRequestError) {
        await context.sendActivity(reply(ct('fileRefused', locale), locale));
        return step.endDialog({ status: 'refused' } satisfies FilingResult);
      }
      throw err;
    }

    await this.deps.filings?.filed(context, filed.requestId, locale);
    await context.sendActivity(this.filedReply(context, filed, locale));
    return step.endDialog({ status: 'filed', requestId: filed.requestId } satisfies FilingResult);
  }

  /** "Try again" files again with the same key; "not now" stops honestly (the first attempt may have gone through). */
  private async afterFailureStep(step: WaterfallStepContext<FilingOptions>): Promise<DialogTurnResult> {
    const choice = step.result as ChoiceResult;
    if (choice === 'retry') return step.replaceDialog(FILE_WATERFALL, step.options);
    const locale = flowLocale(step.context, step.options.locale);
    await step.context.sendActivity(reply(ct('fileFailedStop', locale), locale, [intentButton('closure.status', locale)]));
    return step.endDialog({ status: 'stopped' } satisfies FilingResult);
  }

  /** Request id, where the confirmation email went (masked), that its link completes the closure, and how long it takes. */
  /** On card channels a card, which on Teams replaces the terms card the person accepted. */
  private filedReply(context: TurnContext, filed: ClosureRequestFiled, locale: Locale) {
    const timing = topicSummary(this.deps.knowledge, 'closure-timing', locale) ?? ct('timingFallback', locale);
    const text = `${ct('filed', locale, { requestId: filed.requestId, email: filed.emailSentTo })}\n${timing}`;
    const buttons = [intentButton('closure.status', locale), ...topicButtons(this.deps.knowledge, ['confirmation-email', 'closure-timing'], locale)];
    const next = `${ct('filedNext', locale)}\n${timing}`;
    return asCard(context, reply(text, locale, buttons), (o) =>
      filedCard({ requestId: filed.requestId, emailSentTo: filed.emailSentTo, text: next, buttons, locale }, o),
    );
  }

  private async reverify(step: WaterfallStepContext<FilingOptions>, locale: Locale): Promise<DialogTurnResult> {
    await step.context.sendActivity(reply(ct('verificationExpired', locale), locale));
    return step.endDialog({ status: 'reverify' } satisfies FilingResult);
  }
}
