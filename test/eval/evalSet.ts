import fs from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { localeSchema, topicIdSchema } from '../../src/knowledge/topicSchema';
import { INTENTS } from '../../src/nlu/recognizer';

export const evalItemSchema = z
  .strictObject({
    text: z.string().min(1),
    locale: localeSchema,
    intent: z.enum(INTENTS),
    topic: topicIdSchema.optional(),
  })
  .refine((item) => (item.intent === 'faq') === (item.topic !== undefined), 'faq items need a topic; others must not have one');

export type EvalItem = z.infer<typeof evalItemSchema>;

export async function loadEvalSet(file: string): Promise<EvalItem[]> {
  return z.array(evalItemSchema).parse(parseYaml(await fs.readFile(file, 'utf8')));
}
