import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import type { KnowledgeSearch } from '../../src/knowledge/search';
import { CLASSIFIER_CLASSES, featuresOf, IntentClassifier, type ClassifierClass, type LabeledText } from '../../src/nlu/intentClassifier';
import { intentDocuments, loadIntentExamples, loadWrittenExamples } from '../../src/nlu/intentModel';
import { CLASSIFIED_START, CLASSIFIED_STATUS, EXAMPLE_AGREEMENT } from '../../src/nlu/recognizer';
import { loadKnowledgeFixture } from '../support/knowledgeFixture';

/**
 * The intent classifier (src/nlu/intentClassifier.ts) learns from knowledge/intents and the
 * knowledge base's sample questions; what it learned must carry to texts it has not seen, so it is
 * scored by cross-validation: trained on four fifths of the texts, tested on the fifth left out.
 */
let knowledge: KnowledgeBase;
let search: KnowledgeSearch;
let docs: LabeledText[];
beforeAll(async () => {
  ({ knowledge, search } = await loadKnowledgeFixture());
  docs = intentDocuments(loadIntentExamples(path.resolve('knowledge')), knowledge, loadWrittenExamples(path.resolve('knowledge')));
});

const featurize = (text: string) => featuresOf(search.analyzer, text.toLowerCase());
const top = (classifier: IntentClassifier, text: string): ClassifierClass => {
  const p = classifier.probabilities(text);
  return CLASSIFIER_CLASSES.reduce((a, b) => (p[b] > p[a] ? b : a));
};

describe('the intent classifier', () => {
  // Fails without the classes weighed equally: the status examples drown among the questions.
  it('recognizes each class on texts held out of its training (5-fold cross-validation)', () => {
    const folds = 5;
    const recall = new Map(CLASSIFIER_CLASSES.map((c) => [c, { right: 0, total: 0 }]));
    for (let fold = 0; fold < folds; fold++) {
      const classifier = IntentClassifier.train(
        docs.filter((_, i) => i % folds !== fold),
        featurize,
      );
      for (const doc of docs.filter((_, i) => i % folds === fold)) {
        const tally = recall.get(doc.intent)!;
        tally.total += 1;
        if (top(classifier, doc.text) === doc.intent) tally.right += 1;
      }
    }
    for (const [intent, { right, total }] of recall) expect(right / total, intent).toBeGreaterThanOrEqual(intent === 'closure.status' ? 0.8 : 0.9);
  });

  it('is calibrated where the recognizer reads it: held-out texts at the thresholds are mostly their class, few under the floor', () => {
    const held: { intent: ClassifierClass; p: Record<ClassifierClass, number> }[] = [];
    for (let fold = 0; fold < 5; fold++) {
      const classifier = IntentClassifier.train(
        docs.filter((_, i) => i % 5 !== fold),
        featurize,
      );
      for (const doc of docs.filter((_, i) => i % 5 === fold)) held.push({ intent: doc.intent, p: classifier.probabilities(doc.text.toLowerCase()) });
    }
    for (const [intent, threshold] of [['closure.start', CLASSIFIED_START], ['closure.status', CLASSIFIED_STATUS]] as const) {
      const above = held.filter((h) => h.p[intent] >= threshold);
      expect(above.filter((h) => h.intent === intent).length / above.length, intent).toBeGreaterThanOrEqual(0.9);
    }
    for (const intent of ['closure.start', 'closure.status', 'handoff'] as const) {
      const own = held.filter((h) => h.intent === intent);
      expect(own.filter((h) => h.p[intent] < EXAMPLE_AGREEMENT).length / own.length, intent).toBeLessThanOrEqual(0.02);
    }
  });

  it('is trained once per process for the same knowledge: a second recognizer reuses it', async () => {
    const first = await loadKnowledgeFixture();
    const second = await loadKnowledgeFixture();
    const classifierOf = (r: unknown) => (r as { classifier: IntentClassifier }).classifier;
    expect(classifierOf(second.recognizer)).toBe(classifierOf(first.recognizer));
  });

  it('gives probabilities that sum to one, and its best class to a request worded unlike any example', () => {
    const classifier = IntentClassifier.train(docs, featurize);
    const p = classifier.probabilities('reference ZT-40021: has my deletion gone through yet');
    expect(Object.values(p).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(top(classifier, 'reference ZT-40021: has my deletion gone through yet')).toBe('closure.status');
    expect(top(classifier, 'what should I do before closing my account')).toBe('faq');
  });
});
