import { z } from 'zod';
import { topicIdSchema } from '../src/knowledge/topicSchema';
import type { HandoffReason } from './handoff/handoffOptions';

/** The answers the closure and status flows offer as buttons. */
export const flowChoiceSchema = z.enum([
  'continue',
  'more',
  'notNow',
  'resend',
  'checkAgain',
  'agree',
  'disagree',
  'retry',
  'cancelRequest',
  'keepRequest',
  'confirmCancel',
]);
export type FlowChoice = z.infer<typeof flowChoiceSchema>;

/** Why a conversation goes to a person (HandoffReason), as buttons and flow redirects carry it. */
export const handoffReasonSchema = z.enum([
  'asked',
  'repeated_misses',
  'locked_out',
  'frozen',
  'closure_rejected',
  'money_at_risk',
  'scam',
  'complaint',
]) satisfies z.ZodType<HandoffReason>;

/**
 * What a tapped button sends back in `activity.value`. Buttons are messageBack actions, so the
 * person sees the button's label as their message and the bot gets this structured value.
 */
export const actionValueSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('topic'), topicId: topicIdSchema }),
  z.object({ action: z.literal('feedback'), topicId: topicIdSchema, helpful: z.boolean() }),
  z.object({
    action: z.literal('intent'),
    intent: z.enum(['closure.start', 'closure.status', 'handoff']),
    /** Why a hand-off button was offered (HandoffReason); asked for when absent. */
    reason: handoffReasonSchema.optional(),
  }),
  /** An answer to a question a running flow asked (dialogs/closure): meaningful only to that flow's prompt. */
  z.object({ action: z.literal('choice'), choice: flowChoiceSchema }),
]);

export type ActionValue = z.infer<typeof actionValueSchema>;

/** The structured value of a button tap, or undefined for typed text and unknown values. */
export function parseActionValue(value: unknown): ActionValue | undefined {
  // Typed text carries no value: nothing to parse (a failed parse builds an error object every turn).
  if (value === undefined) return undefined;
  const parsed = actionValueSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
