import path from 'node:path';
import { loadKnowledgeBase, type KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { KnowledgeSearch } from '../../src/knowledge/search';
import { Recognizer } from '../../src/nlu/recognizer';

/** The project's knowledge base, its search and the recognizer over both, as the bot builds them. */
export async function loadKnowledgeFixture(): Promise<{ knowledge: KnowledgeBase; search: KnowledgeSearch; recognizer: Recognizer }> {
  const knowledgeDir = path.resolve('knowledge');
  const knowledge = await loadKnowledgeBase(knowledgeDir);
  const search = new KnowledgeSearch(knowledge);
  return { knowledge, search, recognizer: Recognizer.load(knowledgeDir, knowledge, search) };
}
