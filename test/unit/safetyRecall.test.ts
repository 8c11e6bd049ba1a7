import { beforeAll, describe, expect, it } from 'vitest';
import type { Recognizer } from '../../src/nlu/recognizer';
import { loadKnowledgeFixture } from '../support/knowledgeFixture';

/**
 * Recall of the messages that must never fall to out_of_scope (issue #8): money leaving the wallet
 * or the account at someone else's hand, asking to be put in touch with a person, greeting by the
 * time of day; and the near misses that stay what they were. None of these is in an evaluation set.
 */
let recognizer: Recognizer;
beforeAll(async () => {
  ({ recognizer } = await loadKnowledgeFixture());
});

const recognize = (text: string) => recognizer.recognize(text, 'zh-CN');

describe('money taken from the wallet or the account by someone else is money at risk', () => {
  it.each([
    'a stranger reset my password and cleaned out my wallet',
    'my wallet was emptied while I was asleep',
    'someone keeps making purchases with my account',
    'somebody else logged in and changed my pin',
    'there are charges on my wallet that someone else is making',
    'the transfers were made by someone else',
    '有人修改了我的支付密码',
    '有人把我钱包里的钱转光了',
    '我的钱包被清空了',
    '有人正在用我的账户付款',
    '账户里的余额被人刷光了',
  ])('"%s" -> urgent hand-off', (text) => expect(recognize(text)).toMatchObject({ intent: 'handoff', safety: 'money_at_risk' }));

  it.each([
    // Not the person's doing, in words no pattern lists: money moving or the account used, and "not me".
    'there are payments in my history that are not mine',
    'my balance went from 500 to 0 overnight and i did nothing',
    '账户里的钱一下子少了两千 我什么都没做',
    '刚收到短信说我在外地消费了 不是我',
    // Someone else acting on it.
    'someone keeps buying stuff with my wallet',
    '有陌生设备登录了我的钱包',
    '我的账号好像被别人控制了',
    'i cant log in and my money is moving out',
    '有人盜用我的帳戶',
  ])('told in any words: "%s" -> urgent hand-off', (text) => expect(recognize(text)).toMatchObject({ intent: 'handoff', safety: 'money_at_risk' }));

  it.each(['someone sent me 200 yesterday, can i still close', '转账给别人怎么操作', 'can someone else see my transactions after i close', '注销后别人还能用我的手机号登录吗'])(
    'money coming in, or asking how, is no emergency: "%s"',
    (text) => expect(recognize(text).safety).toBeUndefined(),
  );

  it.each([
    ['how do I change my password in the wallet', 'out_of_scope'],
    ['注销前怎么检查有没有被盗刷', 'faq'],
    ['should I check for charges someone else made before I close?', 'faq'],
    // Emptied by the person: the balance is out, and "now close it" asks for the closure.
    ['I emptied my wallet, now close it', 'closure.start'],
    ['注销后余额被清空了吗', 'faq'],
    ['someone sent me a payment, can I still close', 'faq'],
    ['I made payments to someone else before closing', 'faq'],
  ])('"%s" is no emergency (%s)', (text, intent) => {
    const r = recognize(text);
    expect(r.safety).toBeUndefined();
    expect(r.intent).toBe(intent);
  });

  it.each([
    '我的手机昨天被偷了 里面装着钱包',
    'my phone got stolen at the station and the wallet app is on it',
    '麻烦马上冻结我的账户',
    'please freeze my wallet right now',
    '我的钱包好像被人正在用',
    'somebody stole my acct password',
  ])('"%s" (a lost phone, a freeze, shorthand) -> urgent hand-off', (text) =>
    expect(recognize(text)).toMatchObject({ intent: 'handoff', safety: 'money_at_risk' }));

  it.each([
    ['账户被冻结了还能注销吗', 'faq'],
    ['电话掉线了 刚才说到哪了', 'out_of_scope'],
  ])('"%s": a frozen account or a dropped call is no emergency (%s)', (text, intent) => {
    const r = recognize(text);
    expect(r.safety).toBeUndefined();
    expect(r.intent).toBe(intent);
  });

  it('a worry that someone might change the password is no emergency', () => expect(recognize('怕有人改我的密码').safety).toBeUndefined());
});

describe('asking to be put in touch with a person', () => {
  it.each([
    '我想跟人工交流一下',
    '请让客服打电话给我',
    '能不能让人工联系我一下',
    '可以叫客服回个电话给我吗',
    "I'd like to communicate with a staff member",
    'please call me back',
    'can somebody phone me about this',
    "I'd like someone to call me",
    'I want to communicate with your team',
    '叫你们人工过来处理',
    '找你们的专人跟进一下',
  ])('"%s" -> handoff', (text) => expect(recognize(text).intent).toBe('handoff'));

  it.each([
    ['客服电话多少', 'troubleshooting'],
    ['怎么联系客服', 'troubleshooting'],
    ['how can I contact customer service', 'troubleshooting'],
  ])('"%s" asks how to reach support: the knowledge answer (%s)', (text, topic) => {
    const r = recognize(text);
    expect(r.intent).toBe('faq');
    expect(r.topics[0]?.topicId).toBe(topic);
  });
});

describe('the code already given to someone is a scam: the warning and the urgent hand-off', () => {
  it.each([
    'a text came asking for my sms code and i just sent it to them',
    'i already gave them the verification code, what now',
    'i accidentally told the caller my otp',
    '陌生人来电说要核实，我刚刚把动态码念给他了',
    '有人打电话来 验证码我已经告诉了',
  ])('"%s" -> scam', (text) => expect(recognize(text)).toMatchObject({ intent: 'handoff', safety: 'scam' }));

  it.each(['电话里客服说验证码已经发了', '我给客服打电话，验证码发了但没收到', 'i sent the code but it says it is wrong', '验证码输进去了还是提示错误'])(
    'a code that is only being used or sent by the bot is no scam: "%s"',
    (text) => expect(recognize(text).safety).toBeUndefined(),
  );
});

describe('spending the person does not recognize is money at risk', () => {
  it.each(['钱包里冒出来两笔陌生的扣费', '流水里多了一笔莫名其妙的消费', '账单上有几笔不认得的支出', 'there are two charges on my wallet i dont recognize', 'i do not recognize these payments'])(
    '"%s" -> urgent hand-off',
    (text) => expect(recognize(text)).toMatchObject({ intent: 'handoff', safety: 'money_at_risk' }),
  );

  it.each(['陌生的扣款怎么查', '注销前怎么查有没有不认识的交易', 'how do i check for payments i dont recognize before closing'])(
    'asking how to check is a question: "%s"',
    (text) => expect(recognize(text).safety).toBeUndefined(),
  );
});

describe('a scam told with closing, then "what should I do"', () => {
  // The signal is what every flow acts on first (the scam warning, then the hand-off), whatever the intent beside it.
  it.each([
    '自称官方客服的人叫我把验证码发给他 说能帮我注销 我应该怎么办',
    'someone claiming to be im wallet staff asked for my code so they can close my wallet. what do i do',
  ])('"%s" -> the scam signal', (text) => expect(recognize(text).safety).toBe('scam'));
});

describe('greetings by the time of day', () => {
  it.each(['晚上好呀', '下午好啊~', '早安哦', 'good evening!', 'evening!', 'morning :)'])('"%s" -> greeting', (text) => expect(recognize(text).intent).toBe('greeting'));

  it('a greeting before a question is the question', () => {
    const r = recognize('早上好呀，注销要多久');
    expect(r.intent).toBe('faq');
    expect(r.topics[0]?.topicId).toBe('closure-timing');
  });
});
