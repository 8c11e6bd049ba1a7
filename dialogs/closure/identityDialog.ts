import type { TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Locale } from '../../src/knowledge/topicSchema';
import {
  WalletAccountNotFoundError,
  WalletChallengeExpiredError,
  WalletChallengeLockedError,
  WalletInvalidCodeError,
  WalletInvalidRequestError,
  WalletResendTooSoonError,
  WalletTooManyCodesError,
  WalletUnavailableError,
} from '../../src/wallet/errors';
import { flowLocale, takeGivenAccountRef } from '../interruptibleDialog';
import { asksForSecret, reply } from '../replies';
import { choiceButton } from './choicePrompt';
import { ct, ctAll, type ClosureStringKey } from './closureStrings';
import { DataPrompt } from './dataPrompt';
import type { ClosureFlowDeps } from './flowDeps';
import { bilingual, flowPromptOptions, type FlowPromptSpec } from './flowPrompt';
import { inEveryLocale } from '../strings';
import { findAccountRef, parseCodeInput, type CodeInput } from './identityInput';

export const IDENTITY_DIALOG = 'identityDialog';
const IDENTITY_WATERFALL = 'identityWaterfall';
const ACCOUNT_REF_PROMPT = 'accountRefPrompt';
const CODE_PROMPT = 'codePrompt';

export interface IdentityOptions {
  locale: Locale;
  /** Use the conversation's still-valid verification instead of asking again. */
  reuse?: boolean;
  /** Reuse without saying so (a retry within the same flow). */
  quiet?: boolean;
  /** Said before asking for the account, when asking is needed. */
  intro?: ClosureStringKey;
}

export type IdentityResult = { status: 'verified' } | { status: 'locked'; retryAfterSeconds?: number };

/** The account prompt's answer: what was typed, replaced by the wallet's answer in the validator. */
type AccountAnswer =
  | { kind: 'ref'; ref: string }
  | { kind: 'challenge'; challengeId: string; maskedDestination: string; expiresAt: string }
  | { kind: 'locked'; retryAfterSeconds?: number };

/** The code prompt's answer: what was typed, replaced by the outcome in the validator. */
type CodeAnswer = CodeInput | { kind: 'verified' } | { kind: 'locked'; retryAfterSeconds?: number } | { kind: 'restart' };

interface CodePromptSpec extends FlowPromptSpec {
  challengeId: string;
  maskedDestination: string;
}

/** The code, once typed, is replaced with this in the turn's activity so nothing later in the turn sees it. */
const MASKED_CODE = '******';

/**
 * Verifies who the person is through the wallet: their phone number, email or account id (format
 * checked first), then the one-time code the wallet texts to the registered phone. Only the masked
 * destination is ever shown. The code lives in one turn's memory: the prompt's validator swaps it for
 * the outcome before botbuilder stores anything, and only the wallet's verification token is kept.
 */
export class IdentityDialog extends ComponentDialog {
  constructor(private readonly deps: Pick<ClosureFlowDeps, 'wallet' | 'verification' | 'now'>) {
    super(IDENTITY_DIALOG);
    this.addDialog(
      new DataPrompt<AccountAnswer>(
        ACCOUNT_REF_PROMPT,
        (context) => {
          const ref = findAccountRef(context.activity.value === undefined ? (context.activity.text ?? '') : '');
          return ref ? { kind: 'ref', ref } : undefined;
        },
        this.sendCodeValidator.bind(this),
      ),
    );
    this.addDialog(new DataPrompt<CodeAnswer, CodePromptSpec>(CODE_PROMPT, parseCodeInput, this.checkCodeValidator.bind(this)));
    this.addDialog(
      new WaterfallDialog<IdentityOptions>(IDENTITY_WATERFALL, [
        this.askAccountStep.bind(this),
        this.askCodeStep.bind(this),
        this.finishStep.bind(this),
      ]),
    );
    this.initialDialogId = IDENTITY_WATERFALL;
  }

  /**
   * Reuses a still-valid verification, or asks for the registered phone number, email or account
   * id; one the person already gave this turn ("我要注销，手机号是…", a correction) is used at once.
   */
  private async askAccountStep(step: WaterfallStepContext<IdentityOptions>): Promise<DialogTurnResult> {
    const { context, options } = step;
    const locale = flowLocale(context, options.locale);
    const given = takeGivenAccountRef(context);
    if (given) {
      // A new account named: whatever was verified before is not this one.
      await this.deps.verification.clear(context);
      const answer = await this.challengeFor(context, given, locale);
      if (answer) return step.next(answer);
    }
    const stored = options.reuse && !given ? await this.deps.verification.valid(context) : undefined;
    if (stored) {
      if (!options.quiet) await context.sendActivity(reply(ct('reusedVerification', locale, { masked: stored.maskedDestination }), locale));
      return step.endDialog({ status: 'verified' } satisfies IdentityResult);
    }
    if (options.intro) await context.sendActivity(reply(ct(options.intro, locale), locale));
    return step.prompt(
      ACCOUNT_REF_PROMPT,
      flowPromptOptions({
        locale,
        // The answer may be a full phone number: transcripts keep it masked, like the code.
        prompt: bilingual((l) => asksForSecret(reply(ct('askRef', l), l))),
        reprompt: bilingual((l) => asksForSecret(reply(ct('askRefReprompt', l), l))),
        help: ctAll('helpRef'),
        topic: 'identity-verification',
      }),
    );
  }

  /** Says where the code went (masked) and asks for it; stops when the wallet has locked the account's codes. */
  private async askCodeStep(step: WaterfallStepContext<IdentityOptions>): Promise<DialogTurnResult> {
    const answer = step.result as AccountAnswer;
    if (answer.kind === 'locked') return step.endDialog(locked(answer.retryAfterSeconds));
    if (answer.kind !== 'challenge') return step.replaceDialog(IDENTITY_WATERFALL, step.options);
    const locale = flowLocale(step.context, step.options.locale);
    await step.context.sendActivity(reply(ct('codeSent', locale, { masked: answer.maskedDestination }), locale));
    const minutes = this.minutesLeft(answer.expiresAt);
    // Every message that waits for the code marks it secret, so transcripts keep it masked.
    const ask = bilingual((l) => asksForSecret(reply(ct('askCode', l, { minutes }), l, [choiceButton('resend', l)])));
    return step.prompt(
      CODE_PROMPT,
      flowPromptOptions<CodePromptSpec>({
        locale,
        prompt: ask,
        retry: bilingual((l) => asksForSecret(reply(ct('codeFormat', l), l, [choiceButton('resend', l)]))),
        challengeId: answer.challengeId,
        maskedDestination: answer.maskedDestination,
        help: inEveryLocale((l) => ct('helpCode', l, { masked: answer.maskedDestination })),
        topic: 'identity-verification',
      }),
    );
  }

  /** Ends verified or locked, or starts over when the challenge is gone. */
  private async finishStep(step: WaterfallStepContext<IdentityOptions>): Promise<DialogTurnResult> {
    const answer = step.result as CodeAnswer;
    const locale = flowLocale(step.context, step.options.locale);
    switch (answer.kind) {
      case 'verified':
        await step.context.sendActivity(reply(ct('verified', locale), locale));
        return step.endDialog({ status: 'verified' } satisfies IdentityResult);
      case 'locked':
        return step.endDialog(locked(answer.retryAfterSeconds));
      default:
        await step.context.sendActivity(reply(ct('verificationRestart', locale), locale));
        return step.replaceDialog(IDENTITY_WATERFALL, { ...step.options, reuse: false });
    }
  }

  /** Validates the account reference's format, then asks the wallet to text a code. */
  private async sendCodeValidator(prompt: PromptValidatorContext<AccountAnswer>): Promise<boolean> {
    const { context } = prompt;
    const locale = flowLocale(context, (prompt.options as { validations: FlowPromptSpec }).validations.locale);
    const answer = prompt.recognized.value;
    if (!prompt.recognized.succeeded || answer?.kind !== 'ref') {
      await context.sendActivity(asksForSecret(reply(ct('refInvalid', locale), locale)));
      return false;
    }
    const outcome = await this.challengeFor(context, answer.ref, locale);
    if (!outcome) return false;
    prompt.recognized.value = outcome;
    return true;
  }

  /** Asks the wallet to text a code for `ref`; undefined (after saying why) when it cannot. */
  private async challengeFor(context: TurnContext, ref: string, locale: Locale): Promise<AccountAnswer | undefined> {
    if (await this.refuseTooManyCodes(context, locale)) return undefined;
    try {
      const challenge = await this.deps.wallet.createChallenge(ref);
      return { kind: 'challenge', challengeId: challenge.challengeId, maskedDestination: challenge.maskedDestination, expiresAt: challenge.expiresAt };
    } catch (err) {
      if (err instanceof WalletChallengeLockedError) return { kind: 'locked', ...retryAfter(err) };
      if (err instanceof WalletTooManyCodesError) {
        await context.sendActivity(asksForSecret(reply(tooManyCodes(err.retryAfterSeconds, locale), locale)));
        return undefined;
      }
      if (err instanceof WalletAccountNotFoundError || err instanceof WalletInvalidRequestError) {
        await context.sendActivity(asksForSecret(reply(ct('refNotFound', locale), locale)));
        return undefined;
      }
      if (err instanceof WalletUnavailableError) {
        await context.sendActivity(asksForSecret(reply(ct('walletDownSendAgain', locale), locale)));
        return undefined;
      }
      throw err;
    }
  }

  /** A code: verify it. "Resend": a new code after the cool-down. Anything else: explain the format. */
  private async checkCodeValidator(prompt: PromptValidatorContext<CodeAnswer>): Promise<boolean> {
    const { context } = prompt;
    const spec = (prompt.options as { validations: CodePromptSpec }).validations;
    const locale = flowLocale(context, spec.locale);
    const answer = prompt.recognized.value;
    if (!prompt.recognized.succeeded || !answer || (answer.kind !== 'code' && answer.kind !== 'resend')) {
      await context.sendActivity(asksForSecret(reply(ct('codeFormat', locale), locale, [choiceButton('resend', locale)])));
      return false;
    }
    if (answer.kind === 'resend') return this.resend(prompt, spec, locale);

    const { code } = answer;
    // From here on nothing in this turn may see the code: not the stored state, not a log line.
    prompt.recognized.value = { kind: 'restart' };
    maskCode(context);
    try {
      const verification = await this.deps.wallet.verifyChallenge(spec.challengeId, code);
      await this.deps.verification.save(context, verification, spec.maskedDestination);
      prompt.recognized.value = { kind: 'verified' };
      return true;
    } catch (err) {
      if (err instanceof WalletInvalidCodeError) {
        const wrong = err.attemptsLeft === 1 ? ct('codeWrongLastTry', locale) : ct('codeWrong', locale, { n: err.attemptsLeft });
        await context.sendActivity(asksForSecret(reply(wrong, locale, [choiceButton('resend', locale)])));
        return false;
      }
      if (err instanceof WalletChallengeLockedError) {
        prompt.recognized.value = { kind: 'locked', ...retryAfter(err) };
        return true;
      }
      if (err instanceof WalletChallengeExpiredError) {
        if (err.reason !== 'expired') return true; // used or unknown: start over ('restart')
        await context.sendActivity(asksForSecret(reply(ct('codeExpired', locale), locale, [choiceButton('resend', locale)])));
        return false;
      }
      if (err instanceof WalletUnavailableError) {
        await context.sendActivity(asksForSecret(reply(ct('walletDownSendAgain', locale), locale, [choiceButton('resend', locale)])));
        return false;
      }
      throw err;
    }
  }

  private async resend(prompt: PromptValidatorContext<CodeAnswer>, spec: CodePromptSpec, locale: Locale): Promise<boolean> {
    const { context } = prompt;
    if (await this.refuseTooManyCodes(context, locale)) return false;
    try {
      const challenge = await this.deps.wallet.resendChallenge(spec.challengeId);
      await context.sendActivity(reply(ct('resent', locale, { masked: challenge.maskedDestination }), locale));
      await context.sendActivity(
        asksForSecret(reply(ct('askCode', locale, { minutes: this.minutesLeft(challenge.expiresAt) }), locale, [choiceButton('resend', locale)])),
      );
      return false;
    } catch (err) {
      if (err instanceof WalletTooManyCodesError) {
        await context.sendActivity(asksForSecret(reply(tooManyCodes(err.retryAfterSeconds, locale), locale)));
        return false;
      }
      if (err instanceof WalletResendTooSoonError) {
        await context.sendActivity(asksForSecret(reply(ct('resendTooSoon', locale, { seconds: err.retryAfterSeconds }), locale)));
        return false;
      }
      if (err instanceof WalletChallengeLockedError) {
        prompt.recognized.value = { kind: 'locked', ...retryAfter(err) };
        return true;
      }
      if (err instanceof WalletChallengeExpiredError) {
        prompt.recognized.value = { kind: 'restart' };
        return true;
      }
      if (err instanceof WalletUnavailableError) {
        await context.sendActivity(asksForSecret(reply(ct('walletDownSendAgain', locale), locale, [choiceButton('resend', locale)])));
        return false;
      }
      throw err;
    }
  }

  /** This conversation's own limit on codes, checked before the wallet texts anyone. */
  private async refuseTooManyCodes(context: TurnContext, locale: Locale): Promise<boolean> {
    const wait = await this.deps.verification.takeCodeRequest(context);
    if (wait === 0) return false;
    await context.sendActivity(asksForSecret(reply(tooManyCodes(wait, locale), locale)));
    return true;
  }

  private minutesLeft(expiresAt: string): number {
    return Math.max(1, Math.round((Date.parse(expiresAt) - this.deps.now()) / 60_000));
  }
}

function tooManyCodes(retryAfterSeconds: number, locale: Locale): string {
  return ct('tooManyCodes', locale, { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) });
}

function locked(retryAfterSeconds: number | undefined): IdentityResult {
  return retryAfterSeconds === undefined ? { status: 'locked' } : { status: 'locked', retryAfterSeconds };
}

function retryAfter(err: WalletChallengeLockedError): { retryAfterSeconds?: number } {
  return err.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: err.retryAfterSeconds };
}

/** Replaces the typed code in the turn's activity (defence in depth: error logs, later middleware). */
function maskCode(context: TurnContext): void {
  context.activity.text = MASKED_CODE;
}
