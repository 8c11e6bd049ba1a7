import { beforeAll, describe, expect, it } from 'vitest';
import { cantoneseToMandarin } from '../../src/knowledge/cantonese';
import type { Recognizer } from '../../src/nlu/recognizer';
import { loadKnowledgeFixture } from '../support/knowledgeFixture';

let recognizer: Recognizer;
beforeAll(async () => {
  ({ recognizer } = await loadKnowledgeFixture());
});

describe('written Cantonese', () => {
  it.each([
    ['我可唔可以取消', '我可不可以取消'],
    ['点解要等咁耐', '为什么要等这么久'],
    ['佢话冇问题', '他话没有问题'],
    ['我嘅钱仲有冇得攞返', '我的钱还有没有得找回'],
  ])('"%s" reads as Mandarin "%s"', (cantonese, mandarin) => {
    expect(cantoneseToMandarin(cantonese)).toBe(mandarin);
  });

  it('leaves Mandarin alone, 咋 and 嘛 included', () => {
    expect(cantoneseToMandarin('注销了咋办嘛')).toBe('注销了咋办嘛');
  });

  it.each([
    ['我個戶口點樣先可以註銷', 'closure-steps'],
    ['註銷咗之後仲可唔可以攞返個戶口', 'recovery-after-closure'],
    ['戶口入面仲有錢 註銷得唔得', 'balance-must-be-zero'],
    ['我好耐冇用過呢個錢包 係咪值得註銷', 'closure-reasons'],
  ])('"%s" is answered from %s, in Traditional', (text, topic) => {
    const recognition = recognizer.recognize(text, 'zh-CN');
    expect(recognition.intent).toBe('faq');
    expect(recognition.topics[0]?.topicId).toBe(topic);
    expect(recognition.script).toBe('traditional');
  });
});
