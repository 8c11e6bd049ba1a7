import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ChannelAccount,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import type { TurnLock } from '../../scaleout/turnLock';
import { toJsonValue } from '../jsonValue';
import type { ActivityFeed } from './activityFeed';
import { isDatabaseUnavailable } from '../../storage/databaseErrors';
import { asksForSensitiveInput } from './sensitiveInput';

export const DIRECTLINE_CHANNEL_ID = 'directline';

type TurnLogic = (context: TurnContext) => Promise<void>;

export interface DirectLineAdapterOptions {
  feed: ActivityFeed;
  /** The bot as Direct Line clients see it (`from` of every reply). */
  botAccount: ChannelAccount;
  /** One turn at a time per conversation, across instances when they share Redis. */
  turns: TurnLock;
}

/** The turn lock's key of a Direct Line conversation. */
const turnKey = (conversationId: string) => `${DIRECTLINE_CHANNEL_ID}/${conversationId}`;

/**
 * Delivers the bot's activities into Direct Line conversations: each reply gets a server id, a
 * timestamp and the bot as sender, is stored with the next watermark and reaches live streams;
 * typing indicators go to live streams only. Turns of one conversation run one at a time, so
 * replies stay in order and dialog state is never written by two turns at once.
 */
export class DirectLineAdapter extends BotAdapter {
  constructor(private readonly options: DirectLineAdapterOptions) {
    super();
  }

  /** Runs the bot on an activity a client sent (after any turn of the same conversation still running). */
  processActivity(activity: Activity, logic: TurnLogic): Promise<void> {
    return this.options.turns.run(turnKey(activity.conversation.id), () => this.runMiddleware(new TurnContext(this, activity), logic));
  }

  /** Resolves once no turn is queued or running in this process. */
  idle(): Promise<void> {
    return this.options.turns.idle();
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, typeof activity.value === 'number' ? activity.value : 1000));
        responses.push({ id: '' });
        continue;
      }
      // Trace is for the Emulator and invoke responses answer a synchronous request: neither reaches a client.
      if (activity.type === ActivityTypes.Trace || activity.type === ActivityTypes.InvokeResponse) {
        responses.push({ id: '' });
        continue;
      }
      const conversationId = activity.conversation?.id ?? context.activity.conversation?.id;
      if (!conversationId) throw new Error('Direct Line: an outgoing activity names no conversation.');
      responses.push({ id: await this.deliver(conversationId, activity) });
    }
    return responses;
  }

  /** Puts one bot activity into a conversation without a turn; returns its server id. */
  async deliver(conversationId: string, activity: Partial<Activity>): Promise<string> {
    const outgoing = this.toClientActivity(conversationId, activity);
    if (activity.type === ActivityTypes.Typing) return this.options.feed.broadcast(conversationId, outgoing);
    try {
      if (asksForSensitiveInput(activity)) await this.options.feed.store.setSensitiveNext(conversationId, true);
      const stored = await this.options.feed.append(conversationId, outgoing);
      return String(stored.activity['id']);
    } catch (err) {
      // The database is away (the reply is most likely the apology saying so): open streams still get it, unkept.
      if (isDatabaseUnavailable(err)) return this.options.feed.broadcast(conversationId, outgoing);
      throw err;
    }
  }

  async updateActivity(): Promise<void> {
    throw new Error('Direct Line here cannot edit a sent activity; send a new one instead.');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('Direct Line here cannot delete a sent activity.');
  }

  /**
   * Proactive turn (a status update, an agent's reply): runs `logic` with a context whose
   * sendActivity delivers into the referenced conversation. Waits for a turn of that conversation
   * already running, so a turn must not call it for its own conversation (it sends through its context).
   */
  async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (!conversationId) throw new Error('Direct Line: the conversation reference names no conversation.');
    if (reference.channelId && reference.channelId !== DIRECTLINE_CHANNEL_ID) {
      throw new Error(`Direct Line cannot deliver to channel "${reference.channelId}".`);
    }
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation', channelId: DIRECTLINE_CHANNEL_ID },
      { ...reference, bot: reference.bot ?? this.options.botAccount },
      true,
    ) as Activity;
    await this.options.turns.run(turnKey(conversationId), () => this.runMiddleware(new TurnContext(this, activity), logic));
  }

  /** The same as continueConversation; the app id or claims are not needed by this channel. */
  override async continueConversationAsync(
    _botAppIdOrClaims: unknown,
    reference: Partial<ConversationReference>,
    logicOrAudience: TurnLogic | string,
    maybeLogic?: TurnLogic,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
    if (!logic) throw new Error('continueConversationAsync needs a logic callback.');
    await this.continueConversation(reference, logic);
  }

  /** Plain JSON as clients receive it: server-owned fields set, Dates as ISO strings, no serviceUrl. */
  private toClientActivity(conversationId: string, activity: Partial<Activity>): Record<string, unknown> {
    const { serviceUrl: _serviceUrl, id: _id, ...rest } = activity;
    const bot = this.options.botAccount;
    return toJsonValue({
      ...rest,
      channelId: DIRECTLINE_CHANNEL_ID,
      conversation: { id: conversationId },
      from: { id: bot.id, name: bot.name, role: 'bot' },
      timestamp: new Date().toISOString(),
    }) as Record<string, unknown>;
  }
}
