import { describe, expect, it } from 'vitest';
import { detectLocale } from '../../src/nlu/language';

describe('language detection', () => {
  it.each([
    ['注销后还能恢复吗', 'en', 'zh-CN'],
    ['im钱包怎么注销', 'en', 'zh-CN'],
    ['我的app账户怎么关闭', 'en', 'zh-CN'],
    ['how do I close my im钱包 account', 'zh-CN', 'en'],
    ['Can I get my account back after closing?', 'zh-CN', 'en'],
    ['close 账户', 'en', 'zh-CN'],
    ['13800000001', 'en', 'en'],
    ['13800000001', 'zh-CN', 'zh-CN'],
    ['ok', 'zh-CN', 'zh-CN'],
    ['hello', 'zh-CN', 'en'],
    ['👍', 'en', 'en'],
  ] as const)('%s (conversation in %s) -> %s', (text, fallback, expected) => {
    expect(detectLocale(text, fallback)).toBe(expected);
  });
});
