import { z } from 'zod';
import { localeSchema } from '../knowledge/topicSchema';

/** Bodies and answers of the agent API: the router parses with them, the OpenAPI document is made from them. */
export const LoginRequest = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
export const LoginResponse = z.object({
  token: z.string().describe('Send as `Authorization: Bearer <token>`'),
  expiresAt: z.iso.datetime(),
  username: z.string(),
  roles: z.array(z.enum(['agent', 'lead'])),
});
export const MessageRequest = z.object({ text: z.string().trim().min(1).max(2000) });
export const CloseRequest = z.object({ note: z.string().trim().max(2000).default('') });
export const KnowledgeQuery = z.object({ q: z.string().trim().min(1).max(500), locale: localeSchema.optional() });

const reason = z.enum(['asked', 'repeated_misses', 'locked_out', 'frozen', 'closure_rejected', 'money_at_risk', 'scam', 'complaint']);
export const QueueItem = z.object({
  id: z.uuid(),
  channel: z.string().describe('The channel the person is on: directline, emulator, msteams, wechat, ...'),
  urgent: z.boolean(),
  reason,
  waitingSince: z.iso.datetime(),
  claimedBy: z.string().nullable(),
  locale: localeSchema,
  status: z.enum(['waiting', 'claimed', 'released', 'closed', 'cancelled']),
  outsideHours: z.boolean().describe('Asked for while no agent was on duty'),
});
export const Suggestion = z.object({ topicId: z.string(), title: z.string(), text: z.string().describe('Markdown, in the person’s language') });
export const Conversation = QueueItem.extend({
  note: z.string().nullable(),
  summary: z.object({
    language: localeSchema,
    reason,
    urgent: z.boolean(),
    intentsSeen: z.array(z.string()),
    topicsAnswered: z.array(z.string()),
    verified: z.boolean(),
    accountId: z.string().optional().describe('Masked: ****1234'),
    missesInARow: z.number().int(),
    closureRequest: z.object({ requestId: z.string(), status: z.string() }).optional().describe('The newest closure request (verified people only)'),
    blockers: z.array(z.string()).optional().describe('Blocker codes to closing now, e.g. BALANCE_NOT_ZERO (verified people only)'),
  }),
  transcript: z.array(
    z.object({ sender: z.enum(['user', 'bot', 'agent']), agent: z.string().optional(), text: z.string().describe('Phones, emails and codes masked'), at: z.iso.datetime() }),
  ),
  suggestions: z.array(Suggestion),
  actions: z.array(z.object({ agent: z.string(), action: z.string(), at: z.iso.datetime() })),
});
export const Rating = z.object({ agent: z.string(), helpful: z.number().int(), notHelpful: z.number().int() });
export const ApiError = z.object({ error: z.object({ status: z.number().int(), message: z.string() }) });
