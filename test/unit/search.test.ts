import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase, type KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { KnowledgeSearch } from '../../src/knowledge/search';
import { ANSWER_THRESHOLD } from '../../src/nlu/recognizer';

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

describe('confidence with words the knowledge base never uses', () => {
  it.each([
    ['我搬家到深圳以后 想问注销的账号还能恢复吗 挺着急', 'recovery-after-closure'],
    ['my landlord and my cousin both ask: once i delete the account can i restore it', 'recovery-after-closure'],
  ])('"%s": a question naming closing keeps its answer through the story around it (%s)', (text, topic) => {
    const hit = new KnowledgeSearch(knowledge).search(text).hits[0]!;
    expect(hit.topicId).toBe(topic);
    expect(hit.score).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });

  it('the story weighs less only where closing is named: the same words around another question still sink it', () => {
    const search = new KnowledgeSearch(knowledge);
    const story = ' 天气 股票 机票';
    const closing = search.search(`注销要多久${story}`).hits[0]!;
    const other = search.search(`要多久${story}`).hits[0];
    expect(closing.score).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
    expect(other?.score ?? 0).toBeLessThan(ANSWER_THRESHOLD);
  });
});

describe('ranking with the topic model', () => {
  it.each([
    ['a refund of mine is still processing, do i wait before closing', 'pending-transactions'],
    ['i think someone got into my account, should i change the password first and then close', 'security-before-closing'],
  ])('"%s": the topic whose questions use its words most ranks first (%s)', (text, topic) => {
    expect(new KnowledgeSearch(knowledge).search(text).hits[0]?.topicId).toBe(topic);
  });
});

describe('English forms and chat fillers the topics did not name (#8)', () => {
  it.each([
    ['is the sign-up cashback still there if i re register later', 're-register'],
    ['backing up my statements before deletion, how', 'backup-data'],
    ['does the money left in it get refunded when i close', 'balance-must-be-zero'],
    ['the close option is grayed out on my phone', 'troubleshooting'],
    ['the wallet app crashes whenever i try to close it', 'troubleshooting'],
    ['注销的按钮是灰色的点不了', 'troubleshooting'],
    ['what is the safest way to get my acct ready before closing', 'security-before-closing'],
  ])('"%s" -> %s', (text, topic) => {
    const hit = new KnowledgeSearch(knowledge).search(text).hits[0]!;
    expect(hit.topicId).toBe(topic);
    expect(hit.score).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });

  it.each(['though', 'lol', 'haha', 'btw'])('a trailing "%s" changes neither the answer nor its confidence', (filler) => {
    const search = new KnowledgeSearch(knowledge);
    const plain = search.search('why would i close a wallet i never use').hits[0]!;
    const chatty = search.search(`why would i close a wallet i never use ${filler}`).hits[0]!;
    expect(chatty.topicId).toBe(plain.topicId);
    expect(chatty.score).toBe(plain.score);
  });
});
