import { describe, expect, it } from 'vitest';
import { statusNotice } from '../../dialogs/closure/statusNotice';
import { adaptiveCardOf, cardText } from '../support/adaptiveCards';

describe('the closure notice as each channel shows it', () => {
  it('is a card on Teams whose "check again" is a universal action, in the language the request was filed in', () => {
    const notice = statusNotice({ requestId: 'CR20261202ABCDEF', status: 'completed', locale: 'en', script: 'simplified', channelId: 'msteams' });
    const card = adaptiveCardOf(notice)!;
    expect(cardText(card)).toContain('Your im Wallet account is now closed (request CR20261202ABCDEF)');
    expect(cardText(card)).toContain('Status: completed');
    expect(card.actions).toEqual([expect.objectContaining({ type: 'Action.Execute', verb: 'intent', title: 'Check again' })]);
    expect(notice.summary).toMatch(/^Your im Wallet account is now closed/);
  });

  it('is text with buttons on WeChat, and in Traditional for a person who wrote in Traditional, the card on Web Chat too', () => {
    const wechat = statusNotice({ requestId: 'CR20261202ABCDEF', status: 'rejected', locale: 'zh-CN', script: 'traditional', channelId: 'wechat' });
    expect(wechat.attachments).toBeUndefined();
    expect(wechat.text).toContain('你的註銷申請 CR20261202ABCDEF 沒有通過審核');
    expect(wechat.suggestedActions?.actions.map((a) => a.title)).toEqual(['再查一次', '轉人工']);
    // The value a tap sends back is not converted.
    expect(wechat.suggestedActions?.actions[1]?.value).toEqual({ action: 'intent', intent: 'handoff', reason: 'closure_rejected' });

    const webchat = statusNotice({ requestId: 'CR20261202ABCDEF', status: 'processing', locale: 'zh-CN', script: 'traditional', channelId: 'directline' });
    const card = adaptiveCardOf(webchat)!;
    expect(cardText(card)).toContain('現在正在處理');
    expect(cardText(card)).toContain('狀態: 處理中');
    expect(card.actions).toEqual([expect.objectContaining({ type: 'Action.Submit', title: '再查一次', data: { action: 'intent', intent: 'closure.status' } })]);
  });
});
