import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Locale } from '../../src/knowledge/topicSchema';
import { WalletAuthError, WalletUnavailableError } from '../../src/wallet/errors';
import type { ClosureEligibility } from '../../src/wallet/schemas';
import { flowLocale } from '../interruptibleDialog';
import { reply } from '../replies';
import { blockerButtons, blockersText, blockerTopics, canCheckAgain } from './blockers';
import { ChoicePrompt, choiceButton, choiceRetry, type ChoiceResult } from './choicePrompt';
import { ct, ctAll } from './closureStrings';
import { showTyping, type ClosureFlowDeps } from './flowDeps';
import { bilingual, flowPromptOptions } from './flowPrompt';

export const ELIGIBILITY_DIALOG = 'eligibilityDialog';
const ELIGIBILITY_WATERFALL = 'eligibilityWaterfall';
const ELIGIBILITY_CHOICE = 'eligibilityChoice';

export interface EligibilityOptions {
  locale: Locale;
}

/** `frozen`: risk control froze the account; only an agent can unlock it, so the flow hands over. */
export type EligibilityResult = { status: 'eligible' | 'stopped' | 'reverify' | 'reroute' | 'frozen' | 'refused' };

/**
 * Asks the wallet whether the verified account can be closed. When it cannot, says exactly what to
 * do about each blocker (with its knowledge topic one tap away) and offers to check again with the
 * same verification. It never files anything.
 */
export class EligibilityDialog extends ComponentDialog {
  constructor(private readonly deps: ClosureFlowDeps) {
    super(ELIGIBILITY_DIALOG);
    this.addDialog(new ChoicePrompt(ELIGIBILITY_CHOICE));
    this.addDialog(
      new WaterfallDialog<EligibilityOptions>(ELIGIBILITY_WATERFALL, [this.checkStep.bind(this), this.afterAnswerStep.bind(this)]),
    );
    this.initialDialogId = ELIGIBILITY_WATERFALL;
  }

  /** Checks eligibility; eligible ends here, blockers are explained with "check again". */
  private async checkStep(step: WaterfallStepContext<EligibilityOptions>): Promise<DialogTurnResult> {
    const { context } = step;
    const locale = flowLocale(context, step.options.locale);
    const session = await this.deps.verification.valid(context);
    if (!session) return this.reverify(step, locale);

    let eligibility: ClosureEligibility;
    try {
      await showTyping(context);
      eligibility = await this.deps.wallet.getClosureEligibility(session);
    } catch (err) {
      if (err instanceof WalletAuthError) {
        await this.deps.verification.clear(context);
        return this.reverify(step, locale);
      }
      if (!(err instanceof WalletUnavailableError)) throw err;
      (step.values as { walletDown?: boolean }).walletDown = true;
      const prompt = bilingual((l) => reply(ct('walletDown', l), l, [choiceButton('retry', l), choiceButton('notNow', l)]));
      return step.prompt(ELIGIBILITY_CHOICE, flowPromptOptions({ locale, prompt, choices: ['retry', 'notNow'], open: true, help: ctAll('helpWalletDown') }));
    }

    if (eligibility.eligible) {
      await context.sendActivity(reply(ct('eligible', locale), locale));
      return step.endDialog({ status: 'eligible' } satisfies EligibilityResult);
    }
    const { blockers } = eligibility;
    if (blockers.some((b) => b.code === 'ACCOUNT_LOCKED')) {
      await context.sendActivity(reply(blockersText(blockers, locale), locale, blockerButtons(this.deps.knowledge, blockers, locale)));
      return step.endDialog({ status: 'frozen' } satisfies EligibilityResult);
    }
    if (blockers.length === 0) {
      // Refused without a reason the person could act on: an agent can find out why.
      await context.sendActivity(reply(ct('fileRefused', locale), locale));
      return step.endDialog({ status: 'refused' } satisfies EligibilityResult);
    }
    if (!canCheckAgain(blockers)) {
      // Nothing to fix (already closed, a request already open): say so and stop.
      await context.sendActivity(reply(blockersText(blockers, locale), locale, blockerButtons(this.deps.knowledge, blockers, locale)));
      return step.endDialog({ status: 'stopped' } satisfies EligibilityResult);
    }
    const buttons = (l: Locale) => [
      choiceButton('checkAgain', l),
      ...blockerButtons(this.deps.knowledge, blockers, l),
      choiceButton('notNow', l),
    ];
    const prompt = bilingual((l) => reply(`${blockersText(blockers, l)}\n\n${ct('blockedOutro', l)}`, l, buttons(l)));
    const reprompt = bilingual((l) => reply(ct('blockedReprompt', l), l, buttons(l)));
    return step.prompt(
      ELIGIBILITY_CHOICE,
      flowPromptOptions({
        locale,
        prompt,
        reprompt,
        retry: choiceRetry(reprompt, ['checkAgain', 'notNow']),
        choices: ['checkAgain', 'notNow'],
        open: true,
        help: ctAll('helpBlocked'),
        blockerTopics: blockerTopics(blockers),
      }),
    );
  }

  /** "Check again" (or "try again") re-runs the check; "not now" stops; anything else goes back to the main dialog. */
  private async afterAnswerStep(step: WaterfallStepContext<EligibilityOptions>): Promise<DialogTurnResult> {
    const choice = step.result as ChoiceResult;
    const locale = flowLocale(step.context, step.options.locale);
    switch (choice) {
      case 'checkAgain':
      case 'retry':
        return step.replaceDialog(ELIGIBILITY_WATERFALL, step.options);
      case 'other':
        return step.endDialog({ status: 'reroute' } satisfies EligibilityResult);
      default:
        await step.context.sendActivity(reply(ct((step.values as { walletDown?: boolean }).walletDown ? 'notNowBye' : 'blockedStop', locale), locale));
        return step.endDialog({ status: 'stopped' } satisfies EligibilityResult);
    }
  }

  private async reverify(step: WaterfallStepContext<EligibilityOptions>, locale: Locale): Promise<DialogTurnResult> {
    await step.context.sendActivity(reply(ct('verificationExpired', locale), locale));
    return step.endDialog({ status: 'reverify' } satisfies EligibilityResult);
  }
}
