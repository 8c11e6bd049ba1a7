import { ActivityTypes, TurnContext } from 'botbuilder';
import { parseHandoffAction } from '../../dialogs/handoff/handoffActions';
import { ht } from '../../dialogs/handoff/handoffStrings';
import { reply } from '../../dialogs/replies';
import type { Locale } from '../knowledge/topicSchema';
import type { HandoffService } from './handoffService';

/**
 * Runs before the dialogs on every message: while an agent holds the conversation the bot stays
 * silent (the person's message is already in the transcript the agent watches); the hand-off's own
 * buttons (cancel the request, rate the agent) are answered here. Returns true when it handled the turn.
 */
export class HandoffGate {
  constructor(private readonly handoff: HandoffService) {}

  async intercept(context: TurnContext, locale: () => Promise<Locale>): Promise<boolean> {
    if (context.activity.type !== ActivityTypes.Message) return false;
    const reference = TurnContext.getConversationReference(context.activity);
    const action = parseHandoffAction(context.activity.value);
    if (action?.action === 'handoffCancel') {
      const lang = await locale();
      const cancelled = await this.handoff.cancel(reference);
      await context.sendActivity(reply(ht(cancelled ? 'cancelled' : 'nothingToCancel', lang), lang));
      return true;
    }
    if (action?.action === 'handoffRating') {
      const lang = await locale();
      await this.handoff.rate(action.caseId, action.helpful);
      await context.sendActivity(reply(ht('ratingThanks', lang), lang));
      return true;
    }
    const open = await this.handoff.openForTurn(context);
    return open?.status === 'claimed';
  }
}
