import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import { ANSWER_THRESHOLD } from '../nlu/recognizer';
import { detectLocale } from '../nlu/language';
import type { KnowledgeBase } from './knowledgeBase';
import type { KnowledgeSearch } from './search';
import type { Locale } from './topicSchema';

export interface KnowledgeRetrieverInput extends BaseRetrieverInput {
  knowledge: KnowledgeBase;
  search: KnowledgeSearch;
  /** Answer language; detected from each query when absent. */
  locale?: Locale;
  /** Documents returned at most. */
  k?: number;
  /** Minimum confidence; defaults to the bot's own answer threshold. */
  minScore?: number;
}

/**
 * The knowledge search as a LangChain retriever, so any chain (a model that drafts replies for an
 * agent, say) grounds itself on exactly what the bot would cite. Each document is one topic's answer
 * with its id, title, locale and confidence in the metadata.
 */
export class KnowledgeRetriever extends BaseRetriever {
  override lc_namespace = ['wallet_support_bot', 'knowledge'];
  private readonly input: KnowledgeRetrieverInput;

  constructor(input: KnowledgeRetrieverInput) {
    super(input);
    this.input = input;
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    const { knowledge, search, k = 3, minScore = ANSWER_THRESHOLD } = this.input;
    const locale = this.input.locale ?? detectLocale(query, 'zh-CN');
    return search
      .search(query, k)
      .hits.filter((hit) => hit.score >= minScore)
      .flatMap((hit) => {
        const topic = knowledge.get(hit.topicId, locale);
        if (!topic) return [];
        return [
          new Document({
            pageContent: `${topic.title}\n\n${topic.body}`,
            metadata: { id: topic.id, title: topic.title, locale, score: hit.score },
          }),
        ];
      });
  }
}
