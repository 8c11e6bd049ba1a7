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
 * How long a request for a code marks the person's next message as its answer: far longer than a
 * code lives (the sandbox's: 5 minutes), and a late answer still has code-like numbers masked.
 */
const SECRET_ANSWER_WINDOW_MS = 60 * 60_000;

/**
 * Keeps both directions of every conversation, on every channel, for the agent who may take it
 * over: the person's message and the bot's replies (through the turn's onSendActivities hook),
 * kept together in one statement when the turn ends. Text is masked; the answer to a request for a
 * code is not kept at all.
 */
export class TranscriptRecorder {
  /** Conversations whose next user message answers a request for a secret: when it was asked (ms), oldest first. */
  private readonly secretNext = new Map<string, number>();

  constructor(
    private readonly handoff: Pick<HandoffService, 'recordLines' | 'openForTurn'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts the turn's transcript; `endTurn` keeps it. */
  async recordTurn(context: TurnContext): Promise<void> {
    const key = conversationKey(TurnContext.getConversationReference(context.activity));
    const turn: TurnLines = { key, lines: [], over: false };
    context.turnState.set(TURN_LINES, turn);
    const incoming = context.activity;
    if (incoming.type === ActivityTypes.Message && incoming.text) {
      const secret = this.takeSecretNext(key);
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
      if (asksForSensitiveInput(activity)) this.markSecretNext(key);
      lines.push({ sender: 'bot', text: activity.text, at: new Date().toISOString() });
    }
    return lines;
  }

  /** Notes the request, forgetting those older than the window first (a conversation left at a code prompt). */
  private markSecretNext(key: string): void {
    const now = this.now();
    for (const [oldest, askedAt] of this.secretNext) {
      if (now - askedAt < SECRET_ANSWER_WINDOW_MS) break;
      this.secretNext.delete(oldest);
    }
    // Deleted first so the key moves to the end and the map stays oldest first.
    this.secretNext.delete(key);
    this.secretNext.set(key, now);
  }

  private takeSecretNext(key: string): boolean {
    const askedAt = this.secretNext.get(key);
    if (askedAt === undefined) return false;
    this.secretNext.delete(key);
    return this.now() - askedAt < SECRET_ANSWER_WINDOW_MS;
  }
}
