import { describe, expect, it } from 'vitest';
import { findCode, withoutAccountRefs } from '../../dialogs/closure/identityInput';
import { linkedAccountName } from '../../dialogs/closure/walletLabels';
import { followUpContext } from '../../dialogs/conversationContext';
import {
  askAboutStep,
  besidesComplaint,
  findRequestId,
  flowCommand,
  isAboutSomeoneElse,
  isComplaint,
  isWithdrawOwnRequest,
  smallTalk,
} from '../../src/nlu/flowCommands';

describe('flow-wide commands', () => {
  it.each([
    'hold on, stop',
    'forget it',
    'nah, not now',
    'wait, I changed my mind',
    "I don't want to do this anymore",
    '先不弄了',
    '还是不注销了吧',
    '算了不办了',
    '等等，我再想想',
    '改天再说吧',
    '取消',
    "I changed my mind, I'll keep the account",
    '算了，我还是不注销了',
    '我改主意了',
    '不查了',
  ])('"%s" leaves the flow', (text) => expect(flowCommand(text)).toBe('cancel'));

  it.each(['取消注销申请怎么操作', 'can I cancel after submitting?', 'what happens if I stop halfway?', '不注销的话余额还在吗', 'ok, thanks', '好的，继续'])(
    '"%s" is a question, not a cancel',
    (text) => expect(flowCommand(text)).not.toBe('cancel'),
  );

  it.each(['start over', "let's start again", 'restart please', 'can we start over?', '重新开始', '从头再来吧', '重来', '能重新开始吗'])('"%s" starts over', (text) =>
    expect(flowCommand(text)).toBe('startOver'),
  );

  it.each(['等等，号码输错了，是13800000004', 'oops, typo, my number is 13800000004', '不对，应该是 demo3@example.com', 'sorry, wrong account, it\'s W10000003', '手机号输错了', 'hang on, I typed my email wrong'])(
    '"%s" corrects what was given',
    (text) => expect(flowCommand(text)).toBe('correction'),
  );

  it.each(['这个不对吧？', 'sorry, what does that mean?'])('"%s" corrects nothing (no new value, no slip named)', (text) =>
    expect(flowCommand(text)).toBeUndefined(),
  );

  it.each(['no text came, again pls', "didn't get the code", 'send it again', '短信没来，再发一下', '没收到验证码'])('"%s" asks for the code again', (text) =>
    expect(flowCommand(text)).toBe('resend'),
  );
});

describe('small talk, complaints, someone else', () => {
  it.each([
    ['谢了', 'thanks'],
    ['谢谢你！', 'thanks'],
    ['thank you so much', 'thanks'],
    ['👍', 'ack'],
    ['ok', 'ack'],
    ['好的', 'ack'],
    ['bye', 'bye'],
    ['拜拜', 'bye'],
  ] as const)('"%s" is small talk (%s)', (text, kind) => expect(smallTalk(text)).toBe(kind));

  it.each(['谢谢，我要注销账户', 'ok so how long does it take?', 'thanks but does it affect my credit?'])('"%s" is more than small talk', (text) =>
    expect(smallTalk(text)).toBeUndefined(),
  );

  it('finds the request beside a complaint or a threat', () => {
    expect(isComplaint('再不给我注销我就去银保监会投诉')).toBe(true);
    expect(besidesComplaint('你们这什么破服务，再不给我注销我就去银保监会投诉')).toBe('再不给我注销');
    expect(besidesComplaint('this is ridiculous, close my account now or I will complain to the regulator')).toBe('close my account now');
    expect(besidesComplaint('我要投诉')).toBeUndefined();
  });

  it.each(['帮我朋友注销账户', '我妈妈的账号能注销吗', "close my mom's account", 'can I delete my husband’s wallet'.replace('’', "'")])(
    '"%s" is about someone else\'s account',
    (text) => expect(isAboutSomeoneElse(text)).toBe(true),
  );

  it.each(['帮我注销账户', 'close my account', '我朋友说注销很快'])('"%s" is about one\'s own account', (text) => expect(isAboutSomeoneElse(text)).toBe(false));
});

describe('slots in what was said', () => {
  it('finds a request id and a request to withdraw', () => {
    expect(findRequestId('帮我撤销 cr20261201ab12cd')).toBe('CR20261201AB12CD');
    expect(isWithdrawOwnRequest('我反悔了，撤销注销申请')).toBe(true);
    expect(isWithdrawOwnRequest('撤销注销申请怎么操作？')).toBe(false);
  });

  it('reads codes in Chinese numerals and leaves five digits alone', () => {
    expect(findCode('一二三四五六')).toBe('123456');
    expect(findCode('幺二三 四五六')).toBe('123456');
    expect(findCode('一二三四五')).toBeUndefined();
  });

  it('takes the account out of a request before it is recognized', () => {
    expect(withoutAccountRefs('close account W10000006 please')).toBe('close account please');
    expect(withoutAccountRefs('我要注销，手机号是 138 0000 0003')).toBe('我要注销,手机号是');
  });
});

describe('wallet names in Chinese replies', () => {
  it.each([
    [{ type: 'bank_card', name: 'China Merchants Bank debit card', masked: '**** 1234' }, '招商银行借记卡'],
    [{ type: 'bank_card', name: 'ICBC credit card', masked: '**** 9' }, '中国工商银行信用卡'],
    [{ type: 'social', name: 'WeChat', masked: 'wx' }, '微信'],
    [{ type: 'bank_card', name: 'Bank of Atlantis gold card', masked: '**** 1' }, '银行卡「Bank of Atlantis gold card」（钱包原文）'],
    [{ type: 'social', name: 'Mastodon', masked: '@x' }, '关联账户「Mastodon」（钱包原文）'],
  ] as const)('%o is %s', (account, label) => expect(linkedAccountName(account, 'zh-CN')).toBe(label));

  it('English replies keep the wallet name', () =>
    expect(linkedAccountName({ type: 'bank_card', name: 'China Merchants Bank debit card', masked: '**** 1234' }, 'en')).toBe('China Merchants Bank debit card'));
});

describe('conversation context', () => {
  it('offers the last answer first, then the blockers and the step', () => {
    expect(followUpContext({ topic: 'credit-impact', stepTopic: 'identity-verification', blockerTopics: ['balance-must-be-zero'] })).toEqual({
      topics: ['credit-impact', 'balance-must-be-zero', 'identity-verification'],
    });
    expect(followUpContext({})).toBeUndefined();
  });
});

describe('more small talk and why-this-step questions', () => {
  it.each([
    ['好的明白了', 'ack'],
    ['ok thx', 'thanks'],
    ['thanks, bye 👋', 'bye'],
  ] as const)('"%s" is small talk (%s)', (text, kind) => expect(smallTalk(text)).toBe(kind));

  it.each(['why do you need that?', 'what is it for?', "what's the code for?", '为啥要我手机号', '验证码干嘛用的', 'whats the point of this step'])('"%s" asks why the step asks', (text) =>
    expect(askAboutStep(text)).toBe('why'),
  );

  it.each(['where did you send it?', '发到哪个手机了？'])('"%s" asks where the step sent something', (text) => expect(askAboutStep(text)).toBe('where'));

  it.each(['why can a closed account not be restored?', '注销后数据还能找回吗'])('"%s" is a question of its own', (text) => expect(askAboutStep(text)).toBeUndefined());
});
