import { z } from 'zod';

const field = z.string().max(4096);
const openId = z.string().regex(/^[A-Za-z0-9_.@-]{1,128}$/, 'not an OpenID');
const msgId = z.string().regex(/^\d{1,20}$/, 'MsgId is a number');

/** What every push carries. */
const base = {
  ToUserName: z.string().min(1).max(64),
  FromUserName: openId,
  /** Seconds, as WeChat sends it; some senders use milliseconds. */
  CreateTime: z.string().regex(/^\d{1,13}$/, 'CreateTime is a whole number'),
};

/** The pushes the bot understands; other message types are accepted as `other` and answered "text only". */
export const pushSchema = z.discriminatedUnion('MsgType', [
  z.looseObject({ ...base, MsgType: z.literal('text'), Content: z.string().max(10_000), MsgId: msgId.optional() }),
  z.looseObject({ ...base, MsgType: z.literal('voice'), MsgId: msgId.optional(), Recognition: z.string().max(10_000).optional() }),
  z.looseObject({ ...base, MsgType: z.literal('event'), Event: z.string().min(1).max(64), EventKey: field.optional() }),
  z.looseObject({
    ...base,
    MsgType: z.enum(['image', 'location', 'link', 'video', 'shortvideo', 'file', 'music', 'news']),
    MsgId: msgId.optional(),
  }),
]);
export type WeChatPush = z.infer<typeof pushSchema>;

/** The envelope of a safe-mode push (compatible mode adds the plain fields beside it). */
export const encryptedEnvelopeSchema = z.looseObject({
  ToUserName: z.string().max(64).optional(),
  Encrypt: z.string().min(1).max(65_536).regex(/^[A-Za-z0-9+/=]+$/, 'Encrypt is base64'),
});

/** The key that identifies a push across WeChat's retries: MsgId, or sender and time for events. */
export function pushKey(push: WeChatPush): string {
  const msgId = 'MsgId' in push && typeof push.MsgId === 'string' ? push.MsgId : undefined;
  if (msgId) return `msg:${msgId}`;
  const event = push.MsgType === 'event' ? push.Event : push.MsgType;
  return `evt:${push.FromUserName}:${push.CreateTime}:${event}`.slice(0, 160);
}

/** WeChat writes event names in capitals (`CLICK`) and lower case (`subscribe`); compare them without case. */
export function eventName(push: WeChatPush): string | undefined {
  return push.MsgType === 'event' ? push.Event.toLowerCase() : undefined;
}
