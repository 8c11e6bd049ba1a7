import { beforeAll, describe, expect, it } from 'vitest';
import { AnswerService } from '../../src/knowledge/answerService';
import type { Recognizer } from '../../src/nlu/recognizer';
import { loadKnowledgeFixture } from '../support/knowledgeFixture';

let recognizer: Recognizer;
let answers: AnswerService;
beforeAll(async () => {
  const fixture = await loadKnowledgeFixture();
  recognizer = fixture.recognizer;
  answers = new AnswerService(fixture.knowledge, fixture.search, recognizer, 'zh-CN');
});

const recognize = (text: string) => recognizer.recognize(text, 'zh-CN');

describe('safety triage', () => {
  it.each([
    '我的账户被盗了，钱被转走了',
    '钱包余额突然少了三千，我根本没操作过',
    'someone hacked my wallet and is sending money out right now',
    'there are transfers on my account I never made',
    '我的帳戶被盜了',
  ])('"%s": money at risk is an urgent hand-off with what to do now', (text) => {
    const r = recognize(text);
    expect(r).toMatchObject({ intent: 'handoff', safety: 'money_at_risk' });
    expect(r.topics[0]?.topicId).toBe('account-compromised');
  });

  it.each([
    '有个自称客服的人打电话问我要验证码',
    '对方让我把钱转到安全账户',
    'a man from im wallet support called and asked me for the verification code',
    'someone texted me that my account will be closed unless I move my money',
  ])('"%s": a scam is an urgent hand-off with the warning', (text) => {
    const r = recognize(text);
    expect(r).toMatchObject({ intent: 'handoff', safety: 'scam' });
    expect(r.topics[0]?.topicId).toBe('scam-warning');
  });

  it('the answer for a scam says never to share the code, in the language asked', () => {
    expect(answers.answer('有人冒充客服问我要验证码').answer).toMatch(/验证码.*不要告诉任何人|不要.*验证码/);
    const en = answers.answer('a caller claiming to be support wants my otp');
    expect(en).toMatchObject({ intent: 'handoff', safety: 'scam', locale: 'en' });
    expect(en.answer).toMatch(/never share your verification code/i);
    expect(en.sources[0]?.id).toBe('scam-warning');
  });

  it('money at risk answers with the steps: password, recent transactions, call support', () => {
    const result = answers.answer('my account was hacked and money is gone');
    expect(result).toMatchObject({ intent: 'handoff', safety: 'money_at_risk' });
    expect(result.answer).toMatch(/password/i);
    expect(result.answer).toMatch(/recent transactions/i);
    expect(result.answer).toMatch(/call support/i);
  });

  it.each([
    ['should I check for unauthorized transactions before closing?', 'security-before-closing'],
    ['是不是很多人都是怕账户被盗才注销的', 'closure-reasons'],
    ['为什么注销要输入验证码', 'identity-verification'],
  ])('"%s": a question about security is answered, not escalated', (text, topic) => {
    const r = recognize(text);
    expect(r.intent).toBe('faq');
    expect(r.safety).toBeUndefined();
    expect(r.topics[0]?.topicId).toBe(topic);
  });

  it('a compromise told with a question about closing keeps its answer and the signal', () => {
    const r = recognize('someone got into my account and made payments I did not make, should I just close the account?');
    expect(r.intent).toBe('faq');
    expect(r.safety).toBe('money_at_risk');
  });
});

describe('chat around a question', () => {
  it.each([
    ['怎么注销账户', '怎么注销账户啊麻烦讲细点'],
    ['注销前要准备哪些东西', '注销前要准备哪些东西，列一下呗，谢了兄弟'],
    ['注销要多久', '注销要多久 老板让我问的'],
    ['can i get my account back after closing it?', 'can i get my account back after closing it? asking for my mom'],
    ['how do i close my account', 'how do i close my account pls, im new to this'],
    ['注销账户在哪里操作', '大佬们 注销账户在哪里操作'],
    ['退款还没到账 我能注销吗', '退款还没到账 我能注销吗 有点慌'],
  ])('"%s" and "%s" get the same topic', (plain, chatty) => {
    const a = recognize(plain);
    const b = recognize(chatty);
    expect(a.intent).toBe('faq');
    expect(b.intent).toBe('faq');
    expect(b.topics[0]?.topicId).toBe(a.topics[0]?.topicId);
  });

  it('a trailing clause of chat costs the question no confidence', () => {
    expect(recognize('注销后能回复账号吗 当时手滑了').topics[0]).toEqual(recognize('注销后能回复账号吗').topics[0]);
  });

  it.each([
    'how do i close this popup window, it keeps coming back',
    'I lost my leather wallet on the train, who do I call',
    'how do i cancel my credit card, pls im new',
    'how do I top up my wallet pls, im new to this',
    '大佬们 钱包怎么充值啊 找半天了',
    '信用卡怎么销户 老板让我问的',
  ])(
    '"%s" stays refused: dropping a clause never answers another thing',
    (text) => {
      expect(recognize(text).intent).toBe('out_of_scope');
    },
  );
});

describe('closing named with what follows it', () => {
  it('"销户后" is closing and after: the story around the question does not sink it', () => {
    const r = recognize('销户后我的记录你们会一直存在服务器里吗');
    expect(r.intent).toBe('faq');
    expect(r.topics[0]?.topicId).toBe('data-after-closure');
  });

  it('a button mistyped by its look (按扭) is the button', () => {
    expect(recognize('注销的按扭在哪个地方').topics[0]?.topicId).toBe('closure-steps');
  });
});

describe('out of scope: another company or a wallet matter other than closing', () => {
  it.each([
    '支付宝钱包怎么注销',
    '我想注销京东钱包',
    'how do i close my paypal wallet',
    'cancel my mastercard please',
    'how can i end my netflix subscription',
    'how do i update the phone number on my wallet',
    '怎么修改钱包绑定的邮箱',
    'i forgot my wallet password, how do i reset it',
    '钱包密码忘了怎么办',
    'how do i turn off and cancel the push notifications',
    '怎么关掉自动续费',
    'how do i close my Wells Fargo savings account',
    '帮我写一首关于销户的诗',
    '想注销一张工商银行的信用卡 需要带身份证吗',
    'where can i type in a voucher code',
    'write me a poem about closing accounts',
  ])('"%s" is refused, not answered from a closing topic', (text) => {
    expect(recognize(text).intent).toBe('out_of_scope');
  });

  it.each([
    ['换了手机号收不到验证码 怎么注销', 'identity-verification'],
    ['忘了密码还能注销钱包吗', 'faq'],
    ['my wechat is linked to the wallet, do i unlink it before closing', 'unbind-linked-accounts'],
    ['注销要刷脸吗 还是短信验证就行', 'identity-verification'],
    ['注销以后余额会退回到银行卡吗', 'faq'],
    ['i cancelled my subscription and now want to close my wallet account, how long does it take', 'closure-timing'],
  ])('"%s": the wallet\'s closure named, it stays a question for the bot', (text, expected) => {
    const r = recognize(text);
    expect(r.intent).not.toBe('out_of_scope');
    if (expected !== 'faq') expect(r.topics[0]?.topicId).toBe(expected);
  });
});

describe('requests in new wordings', () => {
  it.each(['我受够了这个钱包，赶紧帮我处理掉账户', '不想再用了，把账号作废吧', '我要delete我的wallet账号', 'please get my wallet account closed, i am moving abroad'])(
    '"%s" is a request to close',
    (text) => {
      expect(recognize(text).intent).toBe('closure.start');
    },
  );

  it.each(['不小心把账户注销了，能找回来不', 'I closed my account by mistake, please tell me there is a way to get it back', '把账户注销了余额会怎样'])(
    '"%s" is a question, not a request',
    (text) => {
      expect(recognize(text).intent).not.toBe('closure.start');
    },
  );

  it.each(['之前点了注销，邮件里的链接点过了，现在是什么情况', 'i clicked the link in the email yesterday, is it done now?'])('"%s" asks for the status', (text) => {
    expect(recognize(text).intent).toBe('closure.status');
  });

  it('a missing confirmation email is still a question about the email', () => {
    expect(recognize('注销的确认邮件一直没收到').intent).toBe('faq');
  });

  it.each(['我想跟你们客服直接沟通', '能不能让你们的人来处理一下', 'i need to speak with customer support directly'])('"%s" asks for a person', (text) => {
    expect(recognize(text).intent).toBe('handoff');
  });
});

describe('what a question asks', () => {
  it.each(['注销账户会怎么样', 'what happens if i close my account'])('"%s" asks what follows closing, not how to close', (text) => {
    const r = recognize(text);
    expect(r.intent).toBe('faq');
    expect(r.topics[0]?.topicId).not.toBe('closure-steps');
  });
});

describe('Traditional Chinese', () => {
  it('is understood and marked, so the reply can be converted', () => {
    const r = recognize('帳戶裡還有餘額可以註銷嗎');
    expect(r).toMatchObject({ intent: 'faq', locale: 'zh-CN', script: 'traditional' });
    expect(r.topics[0]?.topicId).toBe('balance-must-be-zero');
    expect(recognize('我要註銷帳戶').intent).toBe('closure.start');
    expect(recognize('余额不为零可以注销吗').script).toBeUndefined();
  });
});
