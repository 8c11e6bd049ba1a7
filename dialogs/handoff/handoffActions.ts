import { z } from 'zod';

/** What the hand-off's buttons send back in `activity.value`; the hand-off gate handles them. */
export const handoffActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('handoffCancel') }),
  z.object({ action: z.literal('handoffRating'), caseId: z.uuid(), helpful: z.boolean() }),
]);
export type HandoffAction = z.infer<typeof handoffActionSchema>;

export function parseHandoffAction(value: unknown): HandoffAction | undefined {
  const parsed = handoffActionSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
