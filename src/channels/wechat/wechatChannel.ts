import crypto from 'node:crypto';
import { ActivityTypes, type Activity, type ChannelAccount, type ConversationReference, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { BotRuntime } from '../../bot/runtime';
import type { ChannelDelivery } from '../delivery';
import { TurnLock } from '../../scaleout/turnLock';
import { AccessTokenCache } from './accessToken';
import { pickChoice } from './choices';
import { WeChatCrypto, WeChatCryptoError } from './crypto';
import { CustomerServiceSender } from './customerService';
import { WeChatFollowers, type Follower } from './followers';
import { menuAction } from './menu';
import { encryptedEnvelopeSchema, eventName, pushKey, pushSchema, type WeChatPush } from './messages';
import { WeChatPushLog } from './pushLog';
import { renderReplies } from './render';
import { signatureMatches, timestampIsFresh, wechatSignature } from './signature';
import { WECHAT_CHANNEL_ID, WeChatAdapter, type CollectedTurn } from './wechatAdapter';
import { wechatText } from './wechatTexts';
import { WeChatApi } from './wechatApi';
import { wechatPushCounter } from './wechatMetrics';
import { buildWeChatXml, parseWeChatXml, WeChatXmlError } from './xml';

export const WECHAT_PATH = '/wechat';

/** What the channel needs from the runtime (tests may pass a small bot). */
export type WeChatRuntime = Pick<BotRuntime, 'config' | 'database' | 'logger' | 'publicUrl'> & Partial<Pick<BotRuntime, 'scaleout'>> & {
  bot: { run(context: TurnContext): Promise<void>; handleTurnError?(context: TurnContext, error: Error): Promise<void> };
};

/** The channel's settings once WECHAT_TOKEN, WECHAT_APP_ID and WECHAT_APP_SECRET are all set. */
export interface WeChatSettings {
  token: string;
  appId: string;
  appSecret: string;
  encodingAesKey?: string;
  previousEncodingAesKey?: string;
  apiBaseUrl: string;
  replyBudgetMs: number;
  maxClockSkewSeconds: number;
  transferToKf: boolean;
}

/** The WeChat settings in `config`, or undefined (the channel is off) when any required one is missing. */
export function wechatSettings(config: BotRuntime['config']): WeChatSettings | undefined {
  if (!config.WECHAT_TOKEN || !config.WECHAT_APP_ID || !config.WECHAT_APP_SECRET) return undefined;
  return {
    token: config.WECHAT_TOKEN,
    appId: config.WECHAT_APP_ID,
    appSecret: config.WECHAT_APP_SECRET,
    ...(config.WECHAT_ENCODING_AES_KEY ? { encodingAesKey: config.WECHAT_ENCODING_AES_KEY } : {}),
    ...(config.WECHAT_ENCODING_AES_KEY_PREVIOUS ? { previousEncodingAesKey: config.WECHAT_ENCODING_AES_KEY_PREVIOUS } : {}),
    apiBaseUrl: config.WECHAT_API_BASE_URL,
    replyBudgetMs: config.WECHAT_REPLY_BUDGET_MS,
    maxClockSkewSeconds: config.WECHAT_MAX_CLOCK_SKEW_SECONDS,
    transferToKf: config.WECHAT_TRANSFER_TO_KF,
  };
}

/** A refused request: the HTTP status and the reason given. Nothing of it was processed. */
export class WeChatRequestError extends Error {
  constructor(
    readonly status: 400 | 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

const sha1Hex = (name: string) => z.string().regex(/^[0-9a-fA-F]{40}$/, `${name} is 40 hex digits`);
const signedQuerySchema = z.object({
  signature: sha1Hex('signature'),
  timestamp: z.string().regex(/^\d{1,12}$/, 'timestamp is whole seconds'),
  nonce: z.string().min(1).max(64),
});
/** In safe mode `msg_signature` is what authenticates (it covers the ciphertext); `signature` is checked when present. */
const pushQuerySchema = z
  .object({
    signature: sha1Hex('signature').optional(),
    timestamp: signedQuerySchema.shape.timestamp,
    nonce: signedQuerySchema.shape.nonce,
    openid: z.string().max(128).optional(),
    encrypt_type: z.enum(['raw', 'aes']).optional(),
    msg_signature: sha1Hex('msg_signature').optional(),
  })
  .refine((q) => (q.encrypt_type === 'aes' ? q.msg_signature !== undefined : q.signature !== undefined), {
    message: 'signature is required (msg_signature in safe mode)',
    path: ['signature'],
  });
const verifyQuerySchema = signedQuerySchema.extend({ echostr: z.string().min(1).max(128) });

/** The answer to one push: the body (XML, or `success`), and work to do once it has been sent. */
export interface PushAnswer {
  body: string;
  contentType: 'application/xml' | 'text/plain';
  afterResponse?: () => Promise<void>;
}

/** What the bot answered to a push, as XML to send passively, and what goes later. */
interface PassiveReply {
  /** Plain XML or `success`; encrypted per response in safe mode. */
  body: string;
  later?: () => Promise<void>;
}

/**
 * The WeChat Official Account channel of one runtime: checks and decrypts pushes, runs each once
 * (WeChat retries), answers passively when the bot is done within the budget and otherwise with
 * `success` and the customer-service API, and delivers messages outside a turn through that API.
 */
export class WeChatChannel {
  readonly adapter: WeChatAdapter;
  readonly followers: WeChatFollowers;
  readonly sender: CustomerServiceSender;
  readonly tokens: AccessTokenCache;
  readonly delivery: ChannelDelivery;
  private readonly pushes: WeChatPushLog;
  private readonly crypto?: WeChatCrypto;
  private readonly botAccount: ChannelAccount = { id: 'wallet-support-bot', name: 'Wallet Support Bot', role: 'bot' };
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly runtime: WeChatRuntime,
    readonly settings: WeChatSettings,
    private readonly now: () => number = Date.now,
  ) {
    const { database, logger } = runtime;
    if (settings.encodingAesKey) this.crypto = new WeChatCrypto(settings.encodingAesKey, settings.appId, settings.previousEncodingAesKey);
    // The instance's Redis, when configured: the access token is shared through it.
    const redis = runtime.scaleout?.link?.client;
    this.tokens = new AccessTokenCache({
      apiBaseUrl: settings.apiBaseUrl,
      appId: settings.appId,
      appSecret: settings.appSecret,
      db: database.db,
      ...(redis ? { redis } : {}),
      logger,
      now,
    });
    this.followers = new WeChatFollowers(database.db, now);
    this.pushes = new WeChatPushLog(database.db, now);
    this.sender = new CustomerServiceSender(new WeChatApi(settings.apiBaseUrl, this.tokens, logger), this.followers, logger);
    this.adapter = new WeChatAdapter(
      this.botAccount,
      (openId, activities) => this.sendOutsideTurn(openId, activities),
      // Its own lock, reentrant: a WeChat send can come from inside a turn of the same follower.
      // The other channels' turns never nest, and run without reentrancy's cost (keyedQueue.ts).
      new TurnLock(runtime.scaleout?.link, logger, { reentrant: true }),
    );
    const handleTurnError = runtime.bot.handleTurnError?.bind(runtime.bot);
    if (handleTurnError) this.adapter.onTurnError = handleTurnError;
    this.delivery = {
      channelId: WECHAT_CHANNEL_ID,
      send: (reference, activities) => this.sendToConversation(reference, activities),
    };
  }

  /** GET /wechat: WeChat checks the URL by having it echo `echostr` under a valid signature. */
  verifyUrl(query: unknown): string {
    const parsed = verifyQuerySchema.safeParse(query);
    if (!parsed.success) throw new WeChatRequestError(400, `Not a WeChat URL check: ${reasonOf(parsed.error)}`);
    this.checkSignature(parsed.data);
    return parsed.data.echostr;
  }

  /** POST /wechat: a push in plain, compatible or safe mode. Throws WeChatRequestError, processing nothing, when it is refused. */
  async receive(query: unknown, body: string): Promise<PushAnswer> {
    const parsedQuery = pushQuerySchema.safeParse(query);
    if (!parsedQuery.success) throw new WeChatRequestError(400, `Not a WeChat push: ${reasonOf(parsedQuery.error)}`);
    const q = parsedQuery.data;
    this.checkFresh(q.timestamp);
    if (q.signature !== undefined) this.checkSignature({ ...q, signature: q.signature });
    const encrypted = q.encrypt_type === 'aes';
    const push = this.readPush(body, encrypted, q);
    if (q.openid && q.openid !== push.FromUserName) throw new WeChatRequestError(400, 'The openid in the URL is not the sender of the message.');

    const key = pushKey(push);
    let reply: PassiveReply;
    if (await this.pushes.claim(key)) {
      reply = await this.answer(push);
      await this.pushes.setReply(key, reply.body);
      wechatPushCounter.inc({ outcome: reply.body === 'success' ? 'success' : 'passive' });
    } else {
      reply = { body: (await this.pushes.replyOf(key, this.settings.replyBudgetMs)) ?? 'success' };
      wechatPushCounter.inc({ outcome: 'retry' });
    }
    const later = reply.later;
    const after = later ? { afterResponse: () => this.track(later()) } : {};
    if (reply.body === 'success') return { body: 'success', contentType: 'text/plain', ...after };
    return { body: encrypted ? this.encryptReply(reply.body, q.nonce) : reply.body, contentType: 'application/xml', ...after };
  }

  /**
   * Sends activities to a WeChat user outside a turn (an agent's reply, a status update) through
   * the customer-service API, within its window; the `ChannelDelivery` for channel `wechat`.
   */
  async sendToConversation(reference: Partial<ConversationReference>, activities: Partial<Activity>[]): Promise<void> {
    const openId = reference.conversation?.id;
    if (!openId) throw new Error('WeChat: no user to send to.');
    await this.adapter.exclusive(openId, () => this.sendOutsideTurn(openId, activities.map((a) => ({ type: ActivityTypes.Message, ...a }))));
  }

  /** A proactive bot turn in a WeChat conversation; its replies go through the customer-service API. */
  continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return this.adapter.continueConversation(reference, logic);
  }

  /** Waits for replies still going out (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  async close(): Promise<void> {
    await this.idle();
  }

  private checkFresh(timestamp: string): void {
    if (!timestampIsFresh(timestamp, this.settings.maxClockSkewSeconds, this.now())) throw new WeChatRequestError(403, 'The signature is stale.');
  }

  private checkSignature(q: z.infer<typeof signedQuerySchema>): void {
    this.checkFresh(q.timestamp);
    if (!signatureMatches(q.signature, wechatSignature(this.settings.token, q.timestamp, q.nonce))) throw new WeChatRequestError(403, 'The signature does not match.');
  }

  /** The push inside the body: parsed, in safe and compatible mode checked and decrypted first. */
  private readPush(body: string, encrypted: boolean, q: z.infer<typeof pushQuerySchema>): WeChatPush {
    let fields: Record<string, unknown>;
    try {
      fields = parseWeChatXml(body);
      if (encrypted) {
        if (!this.crypto) throw new WeChatRequestError(400, 'Safe mode needs WECHAT_ENCODING_AES_KEY, which is not set.');
        const envelope = encryptedEnvelopeSchema.safeParse(fields);
        if (!envelope.success) throw new WeChatRequestError(400, `Not a safe-mode push: ${reasonOf(envelope.error)}`);
        const { Encrypt } = envelope.data;
        if (!signatureMatches(q.msg_signature, wechatSignature(this.settings.token, q.timestamp, q.nonce, Encrypt))) {
          throw new WeChatRequestError(403, 'The msg_signature does not match.');
        }
        fields = parseWeChatXml(this.crypto.decrypt(Encrypt));
        if (envelope.data.ToUserName && fields['ToUserName'] !== envelope.data.ToUserName) {
          throw new WeChatRequestError(400, 'The encrypted message is addressed to another account.');
        }
      }
    } catch (err) {
      if (err instanceof WeChatXmlError) throw new WeChatRequestError(400, err.message);
      if (err instanceof WeChatCryptoError) throw new WeChatRequestError(400, err.message);
      throw err;
    }
    const push = pushSchema.safeParse(fields);
    if (!push.success) throw new WeChatRequestError(400, `Not a message WeChat sends: ${reasonOf(push.error)}`);
    return push.data;
  }

  /** Runs the bot on a first delivery and says what to answer now and what to send after. */
  private async answer(push: WeChatPush): Promise<PassiveReply> {
    const openId = push.FromUserName;
    const event = eventName(push);
    // Unfollows, views, scans and reports need no answer and do not open the customer-service window.
    if (event !== undefined && event !== 'subscribe' && event !== 'click') return { body: 'success' };
    await this.followers.opened(openId, push.MsgType === 'event' ? 'event' : 'message');
    // Replies held while the window was closed are older than this turn's: they go out first.
    const held = this.sender.sendHeld(openId).catch((err: unknown) => this.logFailure(err));

    const turn = this.adapter.exclusive(openId, async () => {
      await held;
      const follower = await this.followers.get(openId);
      const locale = follower?.locale ?? this.runtime.config.DEFAULT_LOCALE;
      const activity = this.activityFor(push, follower);
      const collected: CollectedTurn = activity
        ? await this.adapter.processActivity(activity, (context) => this.runtime.bot.run(context))
        : { activities: [{ type: ActivityTypes.Message, text: wechatText('textOnly', locale), locale }], handoff: false };
      const rendered = renderReplies(collected.activities, locale);
      await this.followers.rememberReplies(openId, rendered.locale, rendered.choices);
      return { messages: rendered.messages, handoff: collected.handoff && this.settings.transferToKf };
    });
    this.track(turn);

    const done = await Promise.race([turn, sleep(this.settings.replyBudgetMs).then(() => undefined)]);
    if (!done) {
      // Too slow for a passive reply: `success` now, the replies through the customer-service API once ready.
      this.track(turn.then((t) => this.sender.send(openId, t.messages)));
      return { body: 'success' };
    }
    const later = (texts: string[]) => (texts.length > 0 ? { later: () => this.sender.send(openId, texts) } : {});
    if (done.handoff) return { body: this.passiveXml(push, { MsgType: 'transfer_customer_service' }), ...later(done.messages) };
    const [first, ...rest] = done.messages;
    if (first === undefined) return { body: 'success' };
    return { body: this.passiveXml(push, { MsgType: 'text', Content: first }), ...later(rest) };
  }

  /** The push as the bot receives it; undefined for what only gets "text only, please". */
  private activityFor(push: WeChatPush, follower: Follower | undefined): Activity | undefined {
    const base = {
      channelId: WECHAT_CHANNEL_ID,
      serviceUrl: `${this.runtime.publicUrl()}${WECHAT_PATH}`,
      conversation: { id: push.FromUserName, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: push.FromUserName, role: 'user' },
      recipient: this.botAccount,
      timestamp: new Date(push.CreateTime.length > 11 ? Number(push.CreateTime) : Number(push.CreateTime) * 1000),
      ...(follower?.locale ? { locale: follower.locale } : {}),
    };
    const message = (text: string, value?: unknown) =>
      ({ ...base, type: ActivityTypes.Message, id: crypto.randomUUID(), text, textFormat: 'plain', ...(value !== undefined ? { value } : {}) }) as Activity;

    switch (push.MsgType) {
      case 'text':
      case 'voice': {
        const text = push.MsgType === 'text' ? push.Content : (push.Recognition ?? '');
        if (!text.trim()) return undefined;
        const choice = pickChoice(text, follower?.choices ?? []);
        return choice ? message(choice.title, choice.value) : message(text);
      }
      case 'event': {
        if (eventName(push) === 'subscribe') {
          return { ...base, type: ActivityTypes.ConversationUpdate, id: crypto.randomUUID(), membersAdded: [{ id: push.FromUserName }] } as Activity;
        }
        const action = menuAction(push.EventKey);
        return action ? message('', action) : undefined;
      }
      default:
        return undefined;
    }
  }

  private passiveXml(push: WeChatPush, fields: Record<string, string>): string {
    return buildWeChatXml({ ToUserName: push.FromUserName, FromUserName: push.ToUserName, CreateTime: Math.floor(this.now() / 1000), ...fields });
  }

  private encryptReply(xml: string, nonce: string): string {
    const timestamp = String(Math.floor(this.now() / 1000));
    const { encrypt, signature } = this.crypto!.encryptedReply(xml, this.settings.token, timestamp, nonce);
    return buildWeChatXml({ Encrypt: encrypt, MsgSignature: signature, TimeStamp: Number(timestamp), Nonce: nonce });
  }

  private async sendOutsideTurn(openId: string, activities: Partial<Activity>[]): Promise<void> {
    const follower = await this.followers.get(openId);
    const rendered = renderReplies(activities, follower?.locale ?? this.runtime.config.DEFAULT_LOCALE);
    await this.followers.rememberReplies(openId, rendered.locale, rendered.choices);
    await this.sender.send(openId, rendered.messages);
  }

  /** Keeps `task` until it settles, so close() waits for replies still going out; failures are logged. */
  private track(task: Promise<unknown>): Promise<void> {
    const tracked = task.then(
      () => undefined,
      (err: unknown) => this.logFailure(err),
    );
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
    return tracked;
  }

  private logFailure(err: unknown): void {
    this.runtime.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'wechat: replying failed');
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function reasonOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}
