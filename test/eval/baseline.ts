import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import MiniSearch from 'minisearch';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';

/**
 * The plain BM25 baseline the bot's search must beat (issue #8): MiniSearch over jieba tokens and
 * lower-cased English words, one document per topic and language (title, sample questions, answer),
 * no synonyms, no typo model, no calibration. It answers with its best topic whenever any word
 * matches, so only its top-1 topic is comparable.
 */
export class PlainBm25 {
  private readonly jieba = Jieba.withDict(dict);
  private readonly index: MiniSearch<{ id: string; topicId: string; text: string }>;

  constructor(knowledge: KnowledgeBase) {
    this.index = new MiniSearch({
      fields: ['text'],
      storeFields: ['topicId'],
      tokenize: (text) => this.tokens(text),
      processTerm: (term) => term,
    });
    this.index.addAll(
      knowledge.topics.map((t) => ({ id: `${t.locale}/${t.id}`, topicId: t.id, text: [t.title, ...t.questions, t.summary, t.body].join('\n') })),
    );
  }

  /** The best topic for `text`, or undefined when no word of it is in the knowledge base. */
  topTopic(text: string): string | undefined {
    const [best] = this.index.search(text, { combineWith: 'OR' });
    return best?.['topicId'] as string | undefined;
  }

  private tokens(text: string): string[] {
    const out: string[] = [];
    for (const run of text.toLowerCase().match(/\p{Script=Han}+|[a-z0-9']+/gu) ?? []) {
      if (/\p{Script=Han}/u.test(run)) out.push(...this.jieba.cut(run, true));
      else out.push(run);
    }
    return out;
  }
}
