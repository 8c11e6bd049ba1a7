import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import { asksForSensitiveInput, MASKED_TEXT } from '../channels/directline/sensitiveInput';
import type { HandoffService } from './handoffService';
import { conversationKey, type TranscriptLine } from './handoffTypes';

/** A turn's lines not yet kept; once the turn is over, lines (its error apology) are kept as they are sent. */
interface TurnLines {
  key: string;
  lines: TranscriptLine[];
  over: boolean;
}

const TURN_LINES = Symbol('transcript lines of the turn');

/**
 * Keeps both directions of every conversation, on every channel, for the agent who may take it
 * over: the person's message and the bot's replies (through the turn's onSendActivities hook),
 * kept together in one statement when the turn ends. Text is masked; the answer to a request for a
 * code is not kept at all.
 */
export class TranscriptRecorder {
  /** Conversations whose next user message answers a request for a secret. */
  private readonly secretNext = new Set<string>();

  constructor(private readonly handoff: HandoffService) {}

  /** Starts the turn's transcript; `endTurn` keeps it. */
  async recordTurn(context: TurnContext): Promise<void> {
    const key = conversationKey(TurnContext.getConversationReference(context.activity));
    const turn: TurnLines = { key, lines: [], over: false };
    context.turnState.set(TURN_LINES, turn);
    const incoming = context.activity;
    if (incoming.type === ActivityTypes.Message && incoming.text) {
      const secret = this.secretNext.delete(key);
      turn.lines.push({ sender: 'user', text: secret ? MASKED_TEXT : incoming.text, at: new Date().toISOString() });
    }
    context.onSendActivities(async (ctx, activities, next) => {
      const lines = this.outgoingLines(key, activities);
      if (turn.over) await this.keep(ctx, key, lines);
      else turn.lines.push(...lines);
      return next();
    });
  }

  /** Keeps the lines of the turn recordTurn started. */
  async endTurn(context: TurnContext): Promise<void> {
    const turn = context.turnState.get(TURN_LINES) as TurnLines | undefined;
    if (!turn || turn.over) return;
    turn.over = true;
    await this.keep(context, turn.key, turn.lines);
  }

  private async keep(context: TurnContext, key: string, lines: TranscriptLine[]): Promise<void> {
    if (lines.length === 0) return;
    await this.handoff.recordLines(key, lines, await this.handoff.openForTurn(context));
  }

  private outgoingLines(key: string, activities: Partial<Activity>[]): TranscriptLine[] {
    const lines: TranscriptLine[] = [];
    for (const activity of activities) {
      if (activity.type !== ActivityTypes.Message || !activity.text) continue;
      if (asksForSensitiveInput(activity)) this.secretNext.add(key);
      lines.push({ sender: 'bot', text: activity.text, at: new Date().toISOString() });
    }
    return lines;
  }
}
