import { randomBytes } from 'node:crypto';

/** Conversation ids are unguessable: knowing one is not access (a token is), but it should not leak either. */
export function newConversationId(): string {
  return randomBytes(16).toString('base64url');
}

/** `dl_` marks a user id the server put in the token; Web Chat and DirectLineJS refuse it from anywhere else. */
export function newUserId(): string {
  return `dl_${randomBytes(12).toString('base64url')}`;
}

/** Ids for activities that are not kept (typing, the conversationUpdate sent to the bot). */
export function ephemeralActivityId(conversationId: string): string {
  return `${conversationId}|e${randomBytes(6).toString('hex')}`;
}
