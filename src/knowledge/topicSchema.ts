import { z } from 'zod';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const localeSchema = z.enum(LOCALES);

export const topicIdSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)');

/** Actions a topic may offer as a button; each one is an intent the main dialog can start. */
export const topicActionSchema = z.enum(['closure.start', 'closure.status', 'handoff']);
export type TopicAction = z.infer<typeof topicActionSchema>;

/** Front matter of a knowledge file (`knowledge/<locale>/<id>.md`). */
export const topicFrontMatterSchema = z.strictObject({
  id: topicIdSchema,
  title: z.string().min(1).max(60),
  summary: z.string().min(1).max(300),
  questions: z.array(z.string().min(2)).min(3, 'needs at least 3 sample questions'),
  related: z.array(topicIdSchema).max(3).default([]),
  action: topicActionSchema.optional(),
});

export type TopicFrontMatter = z.infer<typeof topicFrontMatterSchema>;

export interface Topic extends TopicFrontMatter {
  locale: Locale;
  /** The answer in Markdown, as written after the front matter. */
  body: string;
  file: string;
}

/**
 * Synonym table (`knowledge/synonyms.yaml`): concept -> words in each language. `aboutClosing`
 * marks concepts that tie a question to closing an account, `aboutClosingWith` concepts that do so
 * only together with one of the listed ones ("会影响征信吗": credit with affect); a question with
 * none of them needs much stronger evidence before the bot answers it (see docs/search.md).
 */
export const synonymTableSchema = z
  .record(
    topicIdSchema,
    z.strictObject({
      zh: z.array(z.string().min(1)).default([]),
      en: z.array(z.string().min(1)).default([]),
      aboutClosing: z.boolean().default(false),
      aboutClosingWith: z.array(topicIdSchema).default([]),
    }),
  )
  .superRefine((table, ctx) => {
    for (const [concept, entry] of Object.entries(table))
      for (const other of entry.aboutClosingWith)
        if (!(other in table)) ctx.addIssue({ code: 'custom', path: [concept, 'aboutClosingWith'], message: `unknown concept "${other}"` });
  });
export type SynonymTable = z.infer<typeof synonymTableSchema>;
