import { ActivityTypes, type Activity, type ChannelAccount, type ConversationReference, type TurnContext } from 'botbuilder';
import type { BotRuntime } from '../../bot/runtime';
import { channelLocale } from '../../../dialogs/mainDialog';
import { reply } from '../../../dialogs/replies';
import { t } from '../../../dialogs/strings';
import { TurnLock } from '../../scaleout/turnLock';
import { ActivityFeed } from './activityFeed';
import { ActivityHub } from './activityHub';
import { ConversationStore, type DirectLineConversation } from './conversationStore';
import { DIRECTLINE_CHANNEL_ID, DirectLineAdapter } from './directLineAdapter';
import { DirectLineError } from './errors';
import { ephemeralActivityId } from './ids';
import { DIRECTLINE_PATH } from './paths';
import type { IncomingActivity } from './schemas';
import { resolveDirectLineSecret } from './secret';
import { maskSensitive, redactActivity } from './sensitiveInput';
import { DirectLineTokens } from './tokens';

/** What the channel needs from the runtime (tests pass a small echo bot). */
export type DirectLineRuntime = Pick<BotRuntime, 'config' | 'database' | 'logger' | 'publicUrl'> & Partial<Pick<BotRuntime, 'scaleout'>> & {
  bot: { run(context: TurnContext): Promise<void>; handleTurnError?(context: TurnContext, error: Error): Promise<void> };
};

export interface StartedConversation {
  conversation: DirectLineConversation;
  created: boolean;
}

/**
 * The Direct Line channel of one bot runtime: tokens, the stored conversations, and the adapter the
 * bot replies through. The HTTP routes and the WebSocket stream are thin layers over this.
 */
export class DirectLineChannel {
  readonly store: ConversationStore;
  readonly feed: ActivityFeed;
  readonly adapter: DirectLineAdapter;
  readonly tokens: DirectLineTokens;
  readonly botAccount: ChannelAccount = { id: 'wallet-support-bot', name: 'Wallet Support Bot', role: 'bot' };
  /** Taps whose turn runs in this process (`conversation:seq`): never resumed as if cut. */
  private readonly tapsRunning = new Set<string>();

  constructor(private readonly runtime: DirectLineRuntime) {
    const { config } = runtime;
    this.tokens = new DirectLineTokens(
      resolveDirectLineSecret(config.DIRECTLINE_SECRET, config.dataDir),
      config.DIRECTLINE_TOKEN_TTL_SECONDS,
    );
    this.store = new ConversationStore(runtime.database.db, runtime.database.sqlite);
    this.tokens.onConversationToken = (conversationId, exp) => {
      this.store
        .extendTokenExpiry(conversationId, exp)
        .catch((err: unknown) => runtime.logger.warn({ reason: err instanceof Error ? err.message : String(err) }, 'directline: token expiry not recorded'));
    };
    this.feed = new ActivityFeed(this.store, new ActivityHub(), runtime.scaleout?.fanout);
    this.adapter = new DirectLineAdapter({
      feed: this.feed,
      botAccount: this.botAccount,
      turns: runtime.scaleout?.turns ?? new TurnLock(undefined, runtime.logger),
    });
    const handleTurnError = runtime.bot.handleTurnError?.bind(runtime.bot);
    if (handleTurnError) this.adapter.onTurnError = handleTurnError;
  }

  get logger(): BotRuntime['logger'] {
    return this.runtime.logger;
  }

  /** Whether several instances may share the conversations (then streams also poll the database). */
  get sharedDatabase(): boolean {
    return this.runtime.database.kind === 'postgres';
  }

  /**
   * Starts the conversation unless it already exists. A new one gets the bot's welcome: the server
   * sends the bot a conversationUpdate adding the bot and the user, as Direct Line does.
   */
  async ensureStarted(params: { conversationId: string; userId: string; userName?: string; locale?: string }): Promise<StartedConversation> {
    const created = await this.store.create({
      id: params.conversationId,
      userId: params.userId,
      ...(params.userName ? { userName: params.userName } : {}),
      ...(params.locale ? { locale: params.locale } : {}),
    });
    const conversation = await this.store.get(params.conversationId);
    if (!conversation) throw new DirectLineError(500, 'ServiceError', 'The conversation could not be started.');
    if (created) {
      const user = { id: conversation.userId, ...(conversation.userName ? { name: conversation.userName } : {}) };
      const update = this.activityForBot(conversation, {
        type: ActivityTypes.ConversationUpdate,
        id: ephemeralActivityId(conversation.id),
        from: user,
        membersAdded: [this.botAccount, user],
      });
      // Not awaited: the client connects its stream meanwhile, and the welcome arrives on it.
      this.runTurn(update).catch((err: unknown) => this.logger.error({ err, conversation: conversation.id }, 'directline: welcome turn failed'));
    }
    return { conversation, created };
  }

  async getConversation(conversationId: string): Promise<DirectLineConversation> {
    const conversation = await this.store.get(conversationId);
    if (!conversation) throw new DirectLineError(404, 'NotFound', 'No such conversation.');
    return conversation;
  }

  /**
   * A client's activity: kept and echoed to every stream (Web Chat marks a message sent only when
   * it comes back with its clientActivityID and a server id), then given to the bot. Returns the
   * server id and the bot's turn, which the caller may wait for.
   */
  async receive(
    conversation: DirectLineConversation,
    incoming: IncomingActivity,
    from: { id: string; name?: string },
  ): Promise<{ id: string; turn: Promise<void> }> {
    const name = from.name ?? incoming.from?.name;
    const { from: _from, ...fields } = incoming;
    const activity: Record<string, unknown> = {
      ...fields,
      ...(incoming.type === 'message' ? { textFormat: 'plain' } : {}),
      channelId: DIRECTLINE_CHANNEL_ID,
      conversation: { id: conversation.id },
      from: { id: from.id, ...(name ? { name } : {}), role: 'user' },
      recipient: { id: this.botAccount.id, name: this.botAccount.name, role: 'bot' },
      timestamp: new Date().toISOString(),
      locale: incoming.locale ?? conversation.locale,
    };
    if (incoming.locale && incoming.locale !== conversation.locale) await this.store.setLocale(conversation.id, incoming.locale);

    // A turn a crash cut short comes first, so the person need not tap again.
    if (conversation.pendingTurn) await this.resumeCutTurn(conversation);

    let id: string;
    let tapSeq: number | undefined;
    if (incoming.type === 'typing') {
      id = ephemeralActivityId(conversation.id);
    } else {
      const sensitive = conversation.sensitiveNext && incoming.type === 'message';
      if (sensitive) await this.store.setSensitiveNext(conversation.id, false);
      // The bot reads what was typed; the kept copy (and the echo) has phones, emails and codes masked.
      const stored = await this.feed.append(conversation.id, sensitive ? maskSensitive(activity) : redactActivity(activity));
      id = String(stored.activity['id']);
      if (isTap(incoming) && !sensitive) tapSeq = stored.seq;
    }
    const turn =
      tapSeq === undefined ? this.runTurn(this.activityForBot(conversation, { ...activity, id })) : this.runTap(conversation, tapSeq, { ...activity, id });
    return { id, turn };
  }

  /**
   * Resumes turns a crash cut short (a tap noted pending and never finished), at start-up. With a
   * shared database only taps pending longer than a turn can take, which no live instance still runs.
   */
  async resumeCutTurns(): Promise<number> {
    let resumed = 0;
    for (const id of await this.store.listPendingTurns()) {
      const conversation = await this.store.get(id);
      if (conversation?.pendingTurn && (await this.resumeCutTurn(conversation))) resumed++;
    }
    return resumed;
  }

  /** Replays the pending tap of `conversation` unless this process runs it or (shared database) it may still be running elsewhere. */
  private async resumeCutTurn(conversation: DirectLineConversation): Promise<boolean> {
    const pending = conversation.pendingTurn;
    if (!pending || this.tapsRunning.has(`${conversation.id}:${pending.seq}`)) return false;
    if (this.sharedDatabase && Date.now() - Date.parse(pending.since) < STALE_TURN_MS) return false;
    const [stored] = await this.store.listAfter(conversation.id, pending.seq - 1, 1);
    if (!stored || stored.seq !== pending.seq) {
      await this.store.clearTurnPending(conversation.id, pending.seq);
      return false;
    }
    this.logger.warn({ conversation: conversation.id, seq: pending.seq }, 'directline: resuming a turn cut short');
    this.runTap(conversation, pending.seq, stored.activity).catch((err: unknown) =>
      this.logger.error({ reason: err instanceof Error ? err.message : String(err), conversation: conversation.id }, 'directline: resumed turn failed'),
    );
    return true;
  }

  /** A tap's turn, noted pending in the database until it ends, so a crash under it is resumed. */
  private runTap(conversation: DirectLineConversation, seq: number, fields: Record<string, unknown>): Promise<void> {
    const key = `${conversation.id}:${seq}`;
    this.tapsRunning.add(key);
    const marked = this.store.markTurnPending(conversation.id, seq);
    return marked
      .then(() => this.runTurn(this.activityForBot(conversation, fields)))
      .finally(async () => {
        this.tapsRunning.delete(key);
        await this.store.clearTurnPending(conversation.id, seq).catch(() => undefined);
      });
  }

  /**
   * Sends activities into a Direct Line conversation outside a turn (an agent's reply, a status
   * update). Takes a conversation reference or a conversation id; returns the server ids.
   */
  async sendToConversation(
    reference: Partial<ConversationReference> | string,
    activities: Partial<Activity> | Partial<Activity>[],
  ): Promise<string[]> {
    const conversationId = typeof reference === 'string' ? reference : reference.conversation?.id;
    if (!conversationId) throw new Error('Direct Line: no conversation to send to.');
    await this.getConversation(conversationId);
    const ids: string[] = [];
    for (const activity of Array.isArray(activities) ? activities : [activities]) {
      ids.push(await this.adapter.deliver(conversationId, { type: ActivityTypes.Message, ...activity }));
    }
    return ids;
  }

  /** Tells the conversation's open streams (unkept: the database is what is away) that its message was not handled. */
  async tellStorageDown(conversationId: string, locale: string | undefined): Promise<void> {
    const language = channelLocale(locale) ?? this.runtime.config.DEFAULT_LOCALE;
    await this.adapter.deliver(conversationId, reply(t('storageDown', language), language));
  }

  /** A proactive bot turn in a Direct Line conversation; see DirectLineAdapter.continueConversation. */
  continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return this.adapter.continueConversation(reference, logic);
  }

  private runTurn(activity: Activity): Promise<void> {
    return this.adapter.processActivity(activity, (context) => this.runtime.bot.run(context));
  }

  /** The activity as the bot receives it: Bot Framework shape, with a service URL pointing back here. */
  private activityForBot(conversation: DirectLineConversation, fields: Record<string, unknown>): Activity {
    const locale = typeof fields['locale'] === 'string' ? fields['locale'] : conversation.locale;
    return {
      recipient: this.botAccount,
      ...fields,
      ...(locale ? { locale } : {}),
      channelId: DIRECTLINE_CHANNEL_ID,
      serviceUrl: `${this.runtime.publicUrl()}${DIRECTLINE_PATH}`,
      conversation: { id: conversation.id, isGroup: false, conversationType: 'personal', name: '' },
      timestamp: new Date(),
    } as Activity;
  }
}

/** With a shared database, a tap pending this long is no live instance's turn any more. */
const STALE_TURN_MS = 2 * 60_000;

/** A button tap (it carries a value): the kind of message a crash must not make the person repeat. */
function isTap(incoming: IncomingActivity): boolean {
  return incoming.type === 'message' && incoming.value !== undefined;
}

const channels = new WeakMap<object, DirectLineChannel>();

/**
 * The Direct Line channel of `runtime`, created on first use. Other parts reach it here to send
 * proactive messages: `directLineChannel(runtime).sendToConversation(reference, activity)`.
 */
export function directLineChannel(runtime: DirectLineRuntime): DirectLineChannel {
  let channel = channels.get(runtime);
  if (!channel) {
    channel = new DirectLineChannel(runtime);
    channels.set(runtime, channel);
  }
  return channel;
}
