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

export const WECHAT_CHANNEL_ID = 'wechat';

/** The event the hand-off flow sends when it hands a conversation to a person (botbuilder's EventFactory). */
export const HANDOFF_INITIATE_EVENT = 'handoff.initiate';

type TurnLogic = (context: TurnContext) => Promise<void>;

/** What the bot sent during one turn of a push: its activities, and whether it handed off. */
export interface CollectedTurn {
  activities: Partial<Activity>[];
  handoff: boolean;
}

const COLLECTED = Symbol('wechat.collectedTurn');

/** The turn lock's key of a WeChat user's conversation. */
const turnKey = (openId: string) => `${WECHAT_CHANNEL_ID}/${openId}`;

/**
 * Runs the bot for WeChat. During a push's turn the bot's replies are collected, because WeChat
 * takes one passive reply per push and the channel decides how they go out; outside a turn (an
 * agent's reply, a status update) they go to `deliver`, the customer-service API. Turns of one
 * user run one at a time, so replies stay in order and state is never written twice at once.
 */
export class WeChatAdapter extends BotAdapter {
  constructor(
    private readonly botAccount: ChannelAccount,
    private readonly deliver: (openId: string, activities: Partial<Activity>[]) => Promise<void>,
    /** One turn at a time per user, across instances when they share Redis. */
    private readonly turns: TurnLock,
  ) {
    super();
  }

  /** Runs `task` alone for this user (after their earlier turns, before their later ones). */
  exclusive<T>(openId: string, task: () => Promise<T>): Promise<T> {
    return this.turns.run(turnKey(openId), task);
  }

  /** Runs the bot on a push's activity and returns what it sent. */
  processActivity(activity: Activity, logic: TurnLogic): Promise<CollectedTurn> {
    return this.turns.run(turnKey(activity.conversation.id), async () => {
      const context = new TurnContext(this, activity);
      const collected: CollectedTurn = { activities: [], handoff: false };
      context.turnState.set(COLLECTED, collected);
      await this.runMiddleware(context, logic);
      return collected;
    });
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const collected = context.turnState.get(COLLECTED) as CollectedTurn | undefined;
    const outgoing: Partial<Activity>[] = [];
    for (const activity of activities) {
      if (activity.type === ActivityTypes.Event && activity.name === HANDOFF_INITIATE_EVENT && collected) collected.handoff = true;
      // Only messages reach a WeChat user; typing, traces and delays have no equivalent here.
      if (activity.type === ActivityTypes.Message) outgoing.push(activity);
    }
    if (collected) collected.activities.push(...outgoing);
    else if (outgoing.length > 0) await this.deliver(context.activity.conversation.id, outgoing);
    return activities.map(() => ({ id: '' }));
  }

  async updateActivity(): Promise<void> {
    throw new Error('WeChat cannot edit a sent message.');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('WeChat cannot delete a sent message.');
  }

  /** A proactive turn in the user's conversation; its replies go through the customer-service API. */
  async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    const openId = reference.conversation?.id;
    if (!openId) throw new Error('WeChat: the conversation reference names no user.');
    if (reference.channelId && reference.channelId !== WECHAT_CHANNEL_ID) throw new Error(`WeChat cannot deliver to channel "${reference.channelId}".`);
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation', channelId: WECHAT_CHANNEL_ID },
      { ...reference, bot: reference.bot ?? this.botAccount },
      true,
    ) as Activity;
    await this.turns.run(turnKey(openId), () => this.runMiddleware(new TurnContext(this, activity), logic));
  }

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
}
