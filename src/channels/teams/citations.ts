import type { Activity } from 'botbuilder';
import { z } from 'zod';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase';
import { LOCALES, type Locale } from '../../knowledge/topicSchema';

/** Teams shows at most this much of a citation's abstract. */
const ABSTRACT_MAX = 160;

/** A Teams citation claim (Teams AI's ClientCitation, which the package does not export). */
interface ClientCitation {
  '@type': 'Claim';
  position: number;
  appearance: { '@type': 'DigitalDocument'; name: string; abstract: string };
}

const sourcesSchema = z.array(z.object({ id: z.string(), title: z.string() })).min(1);

/** The first words of a topic's answer as plain text: what the citation pop-up shows. */
export function excerpt(markdown: string): string {
  const plain = markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length <= ABSTRACT_MAX ? plain : `${plain.slice(0, ABSTRACT_MAX - 1).trimEnd()}…`;
}

/**
 * An answer with knowledge sources (`channelData.sources`, kept as it is) gets them as Teams
 * citations too: one `[n]` marker per source after the answer, and the AI entity whose claims name
 * the topic and quote its first words.
 */
export function addCitations(activity: Partial<Activity>, knowledge: KnowledgeBase): void {
  const parsed = sourcesSchema.safeParse((activity.channelData as { sources?: unknown } | undefined)?.sources);
  if (!parsed.success || typeof activity.text !== 'string') return;
  const locale: Locale = LOCALES.find((l) => l === activity.locale) ?? 'zh-CN';
  const citation: ClientCitation[] = parsed.data.map((source, i) => ({
    '@type': 'Claim',
    position: i + 1,
    appearance: {
      '@type': 'DigitalDocument',
      name: source.title,
      abstract: excerpt(knowledge.get(source.id, locale)?.body ?? source.title),
    },
  }));
  const entity = {
    type: 'https://schema.org/Message',
    '@type': 'Message',
    '@context': 'https://schema.org',
    '@id': '',
    additionalType: ['AIGeneratedContent'],
    citation,
  } as const;
  activity.text = `${activity.text} ${citation.map((c) => `[${c.position}]`).join('')}`;
  activity.entities = [...(activity.entities ?? []), entity as unknown as NonNullable<Activity['entities']>[number]];
}
