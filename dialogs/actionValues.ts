import { z } from 'zod';
import { topicIdSchema } from '../src/knowledge/topicSchema';

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

/**
 * What a tapped button sends back in `activity.value`. Buttons are messageBack actions, so the
 * person sees the button's label as their message and the bot gets this structured value.
 */
export const actionValueSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('topic'), topicId: topicIdSchema }),
  z.object({ action: z.literal('feedback'), topicId: topicIdSchema, helpful: z.boolean() }),
  z.object({ action: z.literal('intent'), intent: z.enum(['closure.start', 'closure.status', 'handoff']) }),
  /** An answer to a question a running flow asked (dialogs/closure): meaningful only to that flow's prompt. */
  z.object({ action: z.literal('choice'), choice: flowChoiceSchema }),
]);

export type ActionValue = z.infer<typeof actionValueSchema>;

/** The structured value of a button tap, or undefined for typed text and unknown values. */
export function parseActionValue(value: unknown): ActionValue | undefined {
  const parsed = actionValueSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
