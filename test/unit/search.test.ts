import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase, type KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { KnowledgeSearch } from '../../src/knowledge/search';

let knowledge: KnowledgeBase;
beforeAll(async () => {
  knowledge = await loadKnowledgeBase(path.resolve('knowledge'));
});

describe('recent rankings', () => {
  it.each([
    ['注销要多久，订单号 4417', '注销要多久，订单号 9981'],
    ['how long does closing take? ticket #A-17', 'how long does closing take? ticket #B-99'],
    ['my cousin Zhang Wei says closing hurts your credit, true?', 'my cousin Priya Nair says closing hurts your credit, true?'],
  ])('"%s" and "%s" differ only in unknown words: one ranking, the same as ranked from scratch', (first, second) => {
    const search = new KnowledgeSearch(knowledge);
    const a = search.search(first).hits;
    const b = search.search(second).hits;
    expect(b).toBe(a);
    expect(new KnowledgeSearch(knowledge).search(second).hits).toEqual(a);
  });

  it('words the knowledge base never uses still lower the confidence, up to the cap', () => {
    const search = new KnowledgeSearch(knowledge);
    const plain = search.search('注销要多久').hits[0]!;
    const noisy = search.search('注销要多久 天气 股票 机票').hits[0]!;
    expect(noisy.topicId).toBe(plain.topicId);
    expect(noisy.score).toBeLessThan(plain.score);
    expect(search.search('注销要多久 天气 股票 机票 火车 电影').hits[0]!.score).toBe(noisy.score);
  });
});
