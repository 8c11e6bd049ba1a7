import { ActivityHandler, type ConversationState, type TurnContext, type UserState } from 'botbuilder';
import { runDialog, type DialogState } from 'botbuilder-dialogs';
import { channelLocale, type MainDialog } from '../../dialogs/mainDialog';
import { reply } from '../../dialogs/replies';
import { t } from '../../dialogs/strings';
import type { HandoffGate } from '../handoff/handoffGate';
import type { TranscriptRecorder } from '../handoff/transcriptRecorder';
import { replyInPersonsScript, replyScriptProperty } from '../nlu/replyScript';
import type { Logger } from '../observability/logger';
import { StorageConflictError } from '../storage/botStateStorage';
import { turnsCounter } from '../observability/metrics';
import { isDatabaseUnavailable } from '../storage/databaseErrors';

export interface WalletBotDeps {
  conversationState: ConversationState;
  userState: UserState;
  mainDialog: MainDialog;
  logger: Logger;
  /** Human hand-off: the gate that keeps the bot silent while an agent holds the conversation, and the transcript. */
  handoff?: { gate: HandoffGate; recorder: TranscriptRecorder };
}

/**
 * The bot every channel runs: messages go through the dialog stack, new members get the welcome,
 * and conversation and user state are saved after every turn so a restart loses nothing.
 */
export class WalletBot extends ActivityHandler {
  /** Traditional or Simplified Chinese, as the person writes (its own property: src/nlu/replyScript.ts). */
  private readonly replyScript;

  constructor(private readonly deps: WalletBotDeps) {
    super();
    this.replyScript = replyScriptProperty(deps.conversationState);
    const dialogState = deps.conversationState.createProperty<DialogState>('DialogState');

    this.onMessage(async (context, next) => {
      turnsCounter.inc({ channel: context.activity.channelId ?? 'unknown', intent: 'message' });
      if (await deps.handoff?.gate.intercept(context, () => deps.mainDialog.conversationLocale(context))) return next();
      // No flow running and a plain knowledge question: answered without a dialog stack round trip.
      const stack = (await dialogState.get(context))?.dialogStack ?? [];
      if (stack.length === 0 && (await deps.mainDialog.answerDirectly(context))) return next();
      await runDialog(deps.mainDialog, context, dialogState);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const joined = (context.activity.membersAdded ?? []).filter((m) => m.id !== context.activity.recipient?.id);
      if (joined.length > 0) await deps.mainDialog.sendWelcome(context, await deps.mainDialog.conversationLocale(context));
      await next();
    });

    // Teams tells of the app's installation (personal, group chat or team) this way, not as a member joining.
    this.onInstallationUpdateAdd(async (context, next) => {
      await deps.mainDialog.sendWelcome(context, await deps.mainDialog.conversationLocale(context));
      await next();
    });
  }

  /**
   * A turn that throws: log it, apologise in the person's language, and drop the broken dialog
   * state so the next message starts clean instead of failing again. When the database is what
   * failed, the state is not broken: it is kept, and the apology says to send the message again. A
   * turn whose save lost a race (StorageConflictError) keeps the state that won.
   */
  async handleTurnError(context: TurnContext, error: Error): Promise<void> {
    const locale = await this.deps.mainDialog.conversationLocale(context).catch(() => channelLocale(context.activity.locale) ?? 'zh-CN');
    if (error instanceof StorageConflictError) {
      // Another turn of this conversation (on another instance) saved first: its state is the
      // valid one, so it is kept, and only this turn's changes are lost.
      this.deps.logger.warn({ conversation: context.activity.conversation?.id }, 'turn not saved: the conversation changed meanwhile');
      await context.sendActivity(reply(t('turnConflict', locale), locale));
      return;
    }
    const storageDown = isDatabaseUnavailable(error);
    this.deps.logger.error({ err: error, conversation: context.activity.conversation?.id, storageDown }, 'turn failed');
    await context.sendActivity(reply(t(storageDown ? 'storageDown' : 'turnFailed', locale), locale));
    if (!storageDown) await this.deps.conversationState.delete(context);
  }

  override async run(context: TurnContext): Promise<void> {
    // Converted first, so the transcript keeps what the person saw.
    await replyInPersonsScript(context, this.replyScript);
    const recorder = this.deps.handoff?.recorder;
    await recorder?.recordTurn(context);
    try {
      await super.run(context);
    } finally {
      // Also when the turn failed: what the person wrote and was told until then stays in the transcript.
      await recorder?.endTurn(context);
    }
    await this.deps.conversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
  }
}
