import { z } from 'zod';

/** What the hand-off's buttons send back in `activity.value`; the hand-off gate handles them. */
export const handoffActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('handoffCancel') }),
  z.object({ action: z.literal('handoffRating'), caseId: z.uuid(), helpful: z.boolean() }),
]);
export type HandoffAction = z.infer<typeof handoffActionSchema>;

export function parseHandoffAction(value: unknown): HandoffAction | undefined {
  // Typed text carries no value: nothing to parse (a failed parse builds an error object every turn).
  if (value === undefined) return undefined;
  const parsed = handoffActionSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
