import { describe, expect, it } from 'vitest';
import { redactText } from '../../src/observability/redact';

describe('redactText', () => {
  it.each([
    ['我的手机号是13800000001', '我的手机号是138******01'],
    ['call me on +86 138 0000 0001 please', 'call me on 861********01 please'],
    ['验证码 482913', '验证码 ••••••'],
    ['the code is 4 8 2 9 1 3', 'the code is ••••••'],
    ['mail demo1@example.com now', 'mail d***@example.com now'],
  ])('masks %s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it.each(['余额还有128.50元', 'account W10000006', 'it took 2 days', '2026-12-01'])('keeps %s', (input) => {
    expect(redactText(input)).toBe(input);
  });
});
