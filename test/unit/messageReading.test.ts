import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import type { KnowledgeSearch } from '../../src/knowledge/search';
import { featuresOf, IntentClassifier } from '../../src/nlu/intentClassifier';
import { cuesOf } from '../../src/nlu/intentCues';
import { intentDocuments, IntentModel, loadIntentExamples, loadWrittenExamples } from '../../src/nlu/intentModel';
import { MessageReading } from '../../src/nlu/messageReading';
import { loadKnowledgeFixture } from '../support/knowledgeFixture';

/**
 * A message's reading (src/nlu/messageReading.ts) only saves work: what it answers must be what the
 * analyzer, the classifier and the intent model answer each time they are asked.
 */
let knowledge: KnowledgeBase;
let search: KnowledgeSearch;
let classifier: IntentClassifier;
let intents: IntentModel;
beforeAll(async () => {
  ({ knowledge, search } = await loadKnowledgeFixture());
  const examples = loadIntentExamples(path.resolve('knowledge'));
  classifier = IntentClassifier.train(intentDocuments(examples, knowledge, loadWrittenExamples(path.resolve('knowledge'))), (text) => featuresOf(search.analyzer, text));
  intents = new IntentModel(search.analyzer, examples, knowledge);
});

const TEXTS = ['我三天前提交了注销申请 现在处理到哪一步了', 'i submitted my closure request on tuesday, did it go through?', '帮我把账号注销了吧', 'talk to a person please', '注销之后还能恢复吗'];

describe('a message reading', () => {
  it('answers as the analyzer, the classifier and the intent model do, however often it is asked', () => {
    const reading = new MessageReading(search.analyzer, classifier, intents);
    for (const round of [1, 2]) {
      for (const text of TEXTS) {
        expect(reading.analyze(text), `${round}: ${text}`).toEqual(search.analyzer.analyze(text));
        expect(reading.correctChinese(text)).toBe(search.analyzer.correctChinese(text));
        expect([...reading.cuesOf(text)]).toEqual([...cuesOf(text)]);
        expect(reading.probabilities(text)).toEqual(classifier.probabilities(text));
        expect(reading.nearest(text)).toEqual(intents.nearest(text));
        expect(reading.nearest(text, true)).toEqual(intents.nearest(text, true));
        expect(reading.namesItsOwnWords(text, 'handoff')).toBe(intents.namesItsOwnWords(text, 'handoff'));
      }
    }
  });

  it('analyzes each text once', () => {
    let calls = 0;
    const analyzer = search.analyzer;
    const counting = Object.create(analyzer, { analyze: { value: (text: string) => (calls++, analyzer.analyze(text)) } }) as typeof analyzer;
    const reading = new MessageReading(counting, classifier, intents);
    reading.analyze(TEXTS[0]!);
    reading.probabilities(TEXTS[0]!);
    reading.analyze(TEXTS[0]!);
    expect(calls).toBe(1);
  });
});
