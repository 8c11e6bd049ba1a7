import { z } from 'zod';

/** A BCP 47 tag as Web Chat sends it (`zh-CN`, `en-US`). */
export const localeSchema = z.string().max(35).regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'locale must be a BCP 47 language tag');

const userSchema = z.object({
  id: z.string().min(1).max(128).optional(),
  name: z.string().max(256).optional(),
});

/** `POST /conversations`: DirectLineJS sends `{ user: { id? }, locale? }`, often just `{ user: {} }`. */
export const startConversationBodySchema = z.object({
  user: userSchema.optional(),
  locale: localeSchema.optional(),
});

/** `POST /tokens/generate` (Azure's TokenParameters); trustedOrigins is accepted and ignored. */
export const generateTokenBodySchema = z.object({
  user: userSchema.optional(),
  trustedOrigins: z.array(z.string().max(512)).max(20).optional(),
});

const jsonObject = z.record(z.string(), z.unknown());

const attachmentSchema = z.object({
  contentType: z.string().min(1).max(256),
  contentUrl: z.url({ protocol: /^https?$/ }).max(2048).optional(),
  content: z.unknown().optional(),
  name: z.string().max(256).optional(),
  thumbnailUrl: z.url({ protocol: /^https?$/ }).max(2048).optional(),
});

/**
 * What a client may say in an activity. Unknown fields are dropped, and everything that identifies
 * (id, from.id, conversation, recipient, channelId, serviceUrl, timestamp) is set by the server.
 * conversationUpdate, invoke and the rest are not the client's to send.
 */
export const incomingActivitySchema = z.object({
  type: z.enum(['message', 'event', 'typing', 'endOfConversation', 'messageReaction']),
  text: z.string().max(20_000).optional(),
  locale: localeSchema.optional(),
  localTimestamp: z.string().max(64).optional(),
  localTimezone: z.string().max(64).optional(),
  name: z.string().max(256).optional(),
  value: z.unknown().optional(),
  channelData: jsonObject.optional(),
  attachments: z.array(attachmentSchema).max(10).optional(),
  entities: z.array(jsonObject).max(20).optional(),
  from: userSchema.optional(),
  replyToId: z.string().max(200).optional(),
  reactionsAdded: z.array(z.object({ type: z.string().max(64) })).max(10).optional(),
  reactionsRemoved: z.array(z.object({ type: z.string().max(64) })).max(10).optional(),
});

export type IncomingActivity = z.infer<typeof incomingActivitySchema>;

/** The first zod issue as one readable sentence for a 400. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request body is not valid.';
  const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
  return `${where}: ${issue.message}`;
}
