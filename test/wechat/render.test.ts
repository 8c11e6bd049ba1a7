import { ActionTypes, MessageFactory } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { pickChoice } from '../../src/channels/wechat/choices';
import { markdownToPlainText } from '../../src/channels/wechat/plainText';
import { renderReplies } from '../../src/channels/wechat/render';
import { splitForWeChat, WECHAT_TEXT_LIMIT_BYTES } from '../../src/channels/wechat/split';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('Markdown on WeChat', () => {
  it('drops emphasis, heading and link syntax and keeps the words and addresses', () => {
    const plain = markdownToPlainText('## 注意\n**余额**必须为零，详见[帮助中心](https://help.example.com/close)。\n- 解绑银行卡\n* 备份`记录`');
    expect(plain).toBe('注意\n余额必须为零，详见帮助中心 https://help.example.com/close。\n• 解绑银行卡\n• 备份记录');
  });

  it('leaves plain text as it is, masked numbers included', () => {
    expect(markdownToPlainText('1. 打开App\n2. 进入设置 2*3=6')).toBe('1. 打开App\n2. 进入设置 2*3=6');
    expect(markdownToPlainText('验证码已发送到 138******01，邮箱 a***@example.com')).toBe('验证码已发送到 138******01，邮箱 a***@example.com');
  });
});

describe('WeChat length limit', () => {
  it('splits long replies at sentence ends, every part within 2,048 bytes', () => {
    const sentence = '注销后账户里的交易记录、个人信息和设置都会被永久删除，无法恢复。';
    const text = sentence.repeat(40);
    const parts = splitForWeChat(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(bytes(part)).toBeLessThanOrEqual(WECHAT_TEXT_LIMIT_BYTES);
      expect(part.endsWith('。')).toBe(true);
    }
    expect(parts.join('')).toBe(text);
  });

  it('cuts a sentence longer than the limit between characters, never inside one', () => {
    const parts = splitForWeChat('很'.repeat(1000));
    expect(parts.map(bytes).every((n) => n <= WECHAT_TEXT_LIMIT_BYTES)).toBe(true);
    expect(parts.join('')).toBe('很'.repeat(1000));
  });
});

describe('suggested actions as numbered choices', () => {
  const actions = [
    { type: ActionTypes.MessageBack, title: '继续', value: { action: 'choice', choice: 'continue' } },
    { type: ActionTypes.MessageBack, title: '了解更多', value: { action: 'choice', choice: 'more' } },
  ];

  it('are listed with numbers under the reply, and one message holds several replies', () => {
    const rendered = renderReplies([MessageFactory.text('第一条'), { ...MessageFactory.suggestedActions(actions, '**请选择**'), locale: 'zh-CN' }], 'zh-CN');
    expect(rendered.messages).toEqual(['第一条\n\n请选择\n\n回复数字即可选择：\n1. 继续\n2. 了解更多']);
    expect(rendered.choices?.map((c) => c.title)).toEqual(['继续', '了解更多']);
  });

  it('are picked by number, full-width number or title; other words pass through', () => {
    const choices = actions.map((a) => ({ title: a.title, value: a.value }));
    expect(pickChoice('2', choices)?.value).toEqual({ action: 'choice', choice: 'more' });
    expect(pickChoice('１。', choices)?.title).toBe('继续');
    expect(pickChoice(' 了解更多 ', choices)?.title).toBe('了解更多');
    expect(pickChoice('3', choices)).toBeUndefined();
    expect(pickChoice('好的继续吧', choices)).toBeUndefined();
    expect(pickChoice('1', [])).toBeUndefined();
  });
});
