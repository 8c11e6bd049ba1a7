import { describe, expect, it } from 'vitest';
import { detectScript, toSimplified, toTraditional } from '../../src/nlu/script';

describe('Chinese script', () => {
  it.each([
    ['怎麼註銷帳戶', 'traditional'],
    ['註銷後還能恢復嗎', 'traditional'],
    ['帳號被盜了怎麼辦', 'traditional'],
    ['怎么注销账户', 'simplified'],
    ['注销后还能恢复吗', 'simplified'],
    ['我要delete我的wallet账号', 'simplified'],
  ])('"%s" is written in %s', (text, script) => {
    expect(detectScript(text)).toBe(script);
  });

  it('tells nothing for text without Chinese', () => {
    expect(detectScript('how do I close my account')).toBeUndefined();
    expect(detectScript('ok 123')).toBeUndefined();
  });

  it('characters written alike in both scripts say Simplified, the knowledge base\'s script', () => {
    expect(detectScript('注册')).toBe('simplified');
  });

  it('converts both ways and leaves other text as it is', () => {
    expect(toSimplified('帳戶裡還有餘額')).toBe('帐户里还有余额');
    expect(toTraditional('余额必须为零')).toBe('餘額必須為零');
    expect(toTraditional('close my account')).toBe('close my account');
  });
});
