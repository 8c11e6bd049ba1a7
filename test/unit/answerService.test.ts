import { beforeAll, describe, expect, it } from 'vitest';
import { AnswerService } from '../../src/knowledge/answerService';
import { loadKnowledgeFixture } from '../support/knowledgeFixture';

let answers: AnswerService;
beforeAll(async () => {
  const { knowledge, search, recognizer } = await loadKnowledgeFixture();
  answers = new AnswerService(knowledge, search, recognizer, 'zh-CN');
});

describe('answers to repeated questions', () => {
  it('are the same answer, which no caller can change for the next', () => {
    const first = answers.answer('注销后还能恢复吗');
    expect(first.sources[0]?.id).toBe('recovery-after-closure');
    expect(() => first.sources.push({ id: 'x', title: 'x', score: 1 })).toThrow(TypeError);
    expect(() => Object.assign(first.sources[0]!, { score: 0 })).toThrow(TypeError);
    expect(answers.answer('注销后还能恢复吗')).toEqual(first);
  });

  it('still follow the locale asked for and the fallback given', () => {
    expect(answers.answer('注销后还能恢复吗', { locale: 'en' }).locale).toBe('en');
    expect(answers.answer('123', { fallbackLocale: 'en' }).locale).toBe('en');
    expect(answers.answer('123', { fallbackLocale: 'zh-CN' }).locale).toBe('zh-CN');
  });
});
