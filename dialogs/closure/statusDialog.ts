import { WaterfallDialog, type DialogContext, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Activity, CardAction, TurnContext } from 'botbuilder';
import type { Locale } from '../../src/knowledge/topicSchema';
import { WalletAuthError, WalletClosureRequestNotFoundError, WalletNotCancellableError, WalletUnavailableError } from '../../src/wallet/errors';
import type { ClosureRequest, ClosureStatus } from '../../src/wallet/schemas';
import type { WalletSession } from '../../src/wallet/client';
import { asCard } from '../cards/adaptiveCard';
import { statusCard } from '../cards/closureCards';
import { parseActionValue } from '../actionValues';
import { flowLocale, handoffRedirect, InterruptibleDialog, type FlowRedirect } from '../interruptibleDialog';
import { intentButton, reply } from '../replies';
import { ChoicePrompt, choiceButton, choiceRetry, type ChoiceResult } from './choicePrompt';
import { ct, ctAll, type ClosureStringKey } from './closureStrings';
import { dayOf, showTyping, topicSummary, type ClosureFlowDeps } from './flowDeps';
import { bilingual, flowPromptOptions } from './flowPrompt';
import { IDENTITY_DIALOG, IdentityDialog, type IdentityOptions, type IdentityResult } from './identityDialog';
import { checkAgainButton } from './statusNotice';

/** What the status waterfall keeps between its steps (dialog state). */
interface StepValues {
  requestId?: string;
}

export const STATUS_DIALOG = 'closureStatusDialog';
const STATUS_WATERFALL = 'closureStatusWaterfall';
const OFFER_CHOICE = 'statusOfferChoice';
const CONFIRM_CANCEL_CHOICE = 'statusConfirmCancelChoice';

export interface StatusOptions {
  locale: Locale;
  /** A retry within the flow: reuse the verification without announcing it again. */
  quiet?: boolean;
  /** The request the person named ("撤销 CR20260101ABC123"); else the latest. */
  requestId?: string;
  /** The person asked to withdraw or stop the closure, not just where it stands. */
  wantsCancel?: boolean;
}

/**
 * "我的注销进度" / "status of my closure": the latest closure request of the verified account in plain
 * words, with an offer to cancel it while it still awaits email confirmation (confirmed first).
 *
 *   identity (reuses a valid verification) ──locked──> stop, offer an agent
 *   latest request ──none──> offer to start
 *        ├─ pending_email_confirmation ──cancel?──> confirm ──> cancelled
 *        └─ processing / completed / cancelled / rejected: said plainly
 */
export class StatusDialog extends InterruptibleDialog {
  protected readonly flowIntent = 'closure.status';

  constructor(private readonly deps: ClosureFlowDeps) {
    super(STATUS_DIALOG, deps);
    this.addDialog(new ChoicePrompt(OFFER_CHOICE));
    this.addDialog(new ChoicePrompt(CONFIRM_CANCEL_CHOICE));
    this.addDialog(new IdentityDialog(deps));
    this.addDialog(
      new WaterfallDialog<StatusOptions>(STATUS_WATERFALL, [
        this.verifyStep.bind(this),
        this.reportStep.bind(this),
        this.offerStep.bind(this),
        this.cancelStep.bind(this),
      ]),
    );
    this.initialDialogId = STATUS_WATERFALL;
  }

  protected cancelledMessage(_innerDc: unknown, locale: Locale): string {
    return ct('cancelledStatus', locale);
  }

  protected async restart(innerDc: DialogContext, locale: Locale, from: 'start' | 'identity'): Promise<DialogTurnResult> {
    if (from === 'identity') await this.deps.verification.clear(innerDc.context);
    return innerDc.beginDialog(STATUS_WATERFALL, { locale } satisfies StatusOptions);
  }

  /**
   * "Check again" (a notice's, or the status card's) while the answer to the last lookup is still
   * open: once verified, the status is looked up anew (it may have moved on); before, the identity
   * step is re-asked.
   */
  protected override async askedAgain(innerDc: DialogContext, locale: Locale): Promise<DialogTurnResult> {
    if (!(await this.deps.verification.valid(innerDc.context))) return super.askedAgain(innerDc, locale);
    await innerDc.cancelAllDialogs();
    return innerDc.beginDialog(STATUS_WATERFALL, { locale, quiet: true } satisfies StatusOptions);
  }

  /** Reuses the conversation's verification, or verifies through the same identity dialog as the closure. */
  private async verifyStep(step: WaterfallStepContext<StatusOptions>): Promise<DialogTurnResult> {
    const locale = flowLocale(step.context, step.options.locale);
    return step.beginDialog(IDENTITY_DIALOG, {
      locale,
      reuse: true,
      quiet: step.options.quiet ?? false,
      intro: 'identityIntroStatus',
    } satisfies IdentityOptions);
  }

  /**
   * Looks up the named or latest request and says where it stands; a pending one comes with an offer
   * to cancel (straight to the confirmation when the person asked to cancel). Asked to cancel one
   * that is past the email link: says it can no longer be, and what that means.
   */
  private async reportStep(step: WaterfallStepContext<StatusOptions>): Promise<DialogTurnResult> {
    const { context, options } = step;
    const locale = flowLocale(context, options.locale);
    const identity = step.result as IdentityResult;
    if (identity.status === 'locked') {
      await context.sendActivity(reply(ct('lockedStatus', locale), locale));
      return step.endDialog(handoffRedirect(locale, 'locked_out'));
    }
    const session = await this.deps.verification.valid(context);
    if (!session) return step.replaceDialog(STATUS_WATERFALL, { ...options, locale });

    let latest: ClosureRequest | null;
    try {
      await showTyping(context);
      latest = options.requestId ? await this.namedRequest(step, session, options.requestId, locale) : await this.deps.wallet.getLatestClosureRequest(session);
    } catch (err) {
      if (err instanceof WalletAuthError) {
        await this.deps.verification.clear(context);
        await context.sendActivity(reply(ct('verificationExpired', locale), locale));
        return step.replaceDialog(STATUS_WATERFALL, { ...options, locale });
      }
      if (!(err instanceof WalletUnavailableError)) throw err;
      const prompt = bilingual((l) => reply(ct('walletDown', l), l, [choiceButton('retry', l)]));
      return step.prompt(OFFER_CHOICE, flowPromptOptions({ locale, prompt, choices: ['retry'], open: true, help: ctAll('helpWalletDown') }));
    }

    if (!latest) {
      await context.sendActivity(reply(ct('statusNone', locale), locale, [intentButton('closure.start', locale)]));
      return step.endDialog();
    }
    if (latest.status === 'rejected') {
      await context.sendActivity(this.statusReply(context, latest, this.statusText(latest, locale), locale, []));
      return step.endDialog(handoffRedirect(locale, 'closure_rejected'));
    }
    if (latest.status !== 'pending_email_confirmation') {
      const tooLate = options.wantsCancel ? tooLateKey(latest.status) : undefined;
      const text = tooLate ? `${this.statusText(latest, locale)}\n\n${ct(tooLate, locale)}` : this.statusText(latest, locale);
      await context.sendActivity(this.statusReply(context, latest, text, locale, followUps(latest.status, locale)));
      return step.endDialog();
    }
    (step.values as StepValues).requestId = latest.requestId;
    if (options.wantsCancel) {
      await context.sendActivity(reply(this.statusText(latest, locale), locale));
      return step.next('cancelRequest' satisfies ChoiceResult);
    }
    const request = latest;
    const buttons = (l: Locale) => [choiceButton('cancelRequest', l), choiceButton('keepRequest', l)];
    // Where cards render, the status card with the offer's buttons under "check again".
    const prompt = bilingual((l) => this.statusReply(context, request, `${this.statusText(request, l)}\n\n${ct('offerCancel', l)}`, l, buttons(l)));
    const reprompt = bilingual((l) => reply(ct('offerCancelReprompt', l, { requestId: request.requestId }), l, buttons(l)));
    return step.prompt(
      OFFER_CHOICE,
      flowPromptOptions({
        locale,
        prompt,
        reprompt,
        choices: ['cancelRequest', 'keepRequest'],
        open: true,
        help: ctAll('helpOfferCancel'),
        topic: 'confirmation-email',
      }),
    );
  }

  /** "Cancel the request" asks for confirmation; "keep it" ends; "try again" looks up again; anything else goes back to the main dialog. */
  private async offerStep(step: WaterfallStepContext<StatusOptions>): Promise<DialogTurnResult> {
    const locale = flowLocale(step.context, step.options.locale);
    const choice = step.result as ChoiceResult;
    switch (choice) {
      case 'retry':
        return step.replaceDialog(STATUS_WATERFALL, { ...step.options, locale, quiet: true } satisfies StatusOptions);
      case 'other':
        return step.endDialog({ redirect: 'reroute', locale } satisfies FlowRedirect);
      case 'cancelRequest':
        break;
      default:
        await step.context.sendActivity(reply(ct('requestKept', locale), locale));
        return step.endDialog();
    }
    const { requestId } = step.values as Required<StepValues>;
    const buttons = (l: Locale) => [choiceButton('confirmCancel', l), choiceButton('keepRequest', l)];
    const prompt = bilingual((l) => reply(ct('confirmCancelAsk', l, { requestId }), l, buttons(l)));
    return step.prompt(
      CONFIRM_CANCEL_CHOICE,
      flowPromptOptions({
        locale,
        prompt,
        retry: choiceRetry(prompt, ['confirmCancel', 'keepRequest']),
        choices: ['confirmCancel', 'keepRequest'],
        help: ctAll('helpConfirmCancel'),
        topic: 'confirmation-email',
      }),
    );
  }

  /** Cancels the request once confirmed, and says what happened. */
  private async cancelStep(step: WaterfallStepContext<StatusOptions>): Promise<DialogTurnResult> {
    const { context } = step;
    const locale = flowLocale(context, step.options.locale);
    if ((step.result as ChoiceResult) !== 'confirmCancel') {
      await context.sendActivity(reply(ct('requestKept', locale), locale));
      return step.endDialog();
    }
    const { requestId } = step.values as Required<StepValues>;
    const session = await this.deps.verification.valid(context);
    if (!session) {
      await context.sendActivity(reply(ct('verificationExpired', locale), locale));
      return step.replaceDialog(STATUS_WATERFALL, { locale });
    }
    try {
      await showTyping(context);
      await this.deps.wallet.cancelClosureRequest(session, requestId);
      await context.sendActivity(reply(ct('requestCancelled', locale, { requestId }), locale));
    } catch (err) {
      if (err instanceof WalletNotCancellableError) {
        const status = ct(statusWordKey(err.requestStatus), locale);
        await context.sendActivity(reply(ct('notCancellable', locale, { status }), locale, [intentButton('closure.status', locale)]));
      } else if (err instanceof WalletAuthError) {
        await this.deps.verification.clear(context);
        await context.sendActivity(reply(ct('verificationExpired', locale), locale));
        return step.replaceDialog(STATUS_WATERFALL, { locale });
      } else if (err instanceof WalletUnavailableError || err instanceof WalletClosureRequestNotFoundError) {
        // Cancelling is idempotent: asking again later is safe.
        await context.sendActivity(reply(ct('walletDown', locale), locale, [intentButton('closure.status', locale)]));
      } else {
        throw err;
      }
    }
    return step.endDialog();
  }

  /** The request the person named, or (after saying it is not this account's) the latest. */
  private async namedRequest(step: WaterfallStepContext<StatusOptions>, session: WalletSession, requestId: string, locale: Locale): Promise<ClosureRequest | null> {
    try {
      return await this.deps.wallet.getClosureRequest(session, requestId);
    } catch (err) {
      if (!(err instanceof WalletClosureRequestNotFoundError)) throw err;
      await step.context.sendActivity(reply(ct('requestNotFound', locale, { requestId }), locale));
      return this.deps.wallet.getLatestClosureRequest(session);
    }
  }

  /** The status in words with its buttons; on card channels a status card whose "check again" looks it up anew. */
  private statusReply(context: TurnContext, request: ClosureRequest, text: string, locale: Locale, buttons: CardAction[]): Partial<Activity> {
    // "Check again" is the card's own way to look again.
    const others = buttons.filter((b) => !isStatusLookup(b));
    return asCard(context, reply(text, locale, buttons), (o) =>
      statusCard(
        { requestId: request.requestId, statusWord: ct(statusWordKey(request.status), locale), text, buttons: [checkAgainButton(locale), ...others], locale },
        o,
      ),
    );
  }

  private statusText(request: ClosureRequest, locale: Locale): string {
    const text = ct(`status_${request.status}`, locale, {
      requestId: request.requestId,
      date: dayOf(request.createdAt),
      email: request.emailSentTo,
    });
    if (request.status !== 'processing') return text;
    const timing = topicSummary(this.deps.knowledge, 'closure-timing', locale) ?? ct('timingFallback', locale);
    return `${text}\n${timing}`;
  }
}

function isStatusLookup(button: CardAction): boolean {
  const value = parseActionValue(button.value);
  return value?.action === 'intent' && value.intent === 'closure.status';
}

/** What to say to a request to cancel that came too late for it. */
function tooLateKey(status: ClosureStatus): ClosureStringKey | undefined {
  if (status === 'processing') return 'tooLateToCancel';
  if (status === 'completed') return 'alreadyClosed';
  return undefined;
}

function statusWordKey(status: ClosureStatus): ClosureStringKey {
  return `statusWord_${status}`;
}

/** What to offer after a status that needs no decision. */
function followUps(status: ClosureStatus, locale: Locale): CardAction[] {
  switch (status) {
    case 'cancelled':
      return [intentButton('closure.start', locale)];
    case 'processing':
      return [intentButton('closure.status', locale)];
    default:
      return [];
  }
}
