import { describe, expect, it } from 'vitest';
import { cuesOf, type Cue } from '../../src/nlu/intentCues';

/** The grammar cues of a request (src/nlu/intentCues.ts), on lower-cased Simplified text as the recognizer gives them. */
describe('grammar cues', () => {
  it.each<[string, Cue[]]>([
    ['ticket ab-30211, is it done', ['reference', 'asks-state']],
    ['申请号 40028817 还在审核', ['reference', 'still']],
    ['i tapped the link on friday', ['own-step', 'elapsed']],
    ['already submitted it, no change', ['own-step', 'still']],
    ['提交了五天了', ['own-step', 'elapsed']],
    ['is the deletion of my account finished', ['my-closure', 'asks-state']],
    ['how long does it usually take', ['generic', 'question']],
    ['scrap it, i am done with this wallet', ['instruction', 'done-with-it']],
    ['钱包不要了 删掉吧', ['instruction', 'done-with-it']],
    ["i don't want to delete it", ['refuses-closing']],
    ['昨晚确认了 今天居然还登得上', ['own-step', 'still']],
    ['上周申请了 为什么这个账户还在', ['own-step', 'why-still']],
    ['did my request #5520931 go through?', ['reference', 'asks-state']],
    ['订单还在处理 能不能销户', ['still', 'asks-can-close']],
    ["how is my deletion request going", ['my-closure', 'asks-state']],
    ['我提交的申请都快两周了', ['still']],
    ["it's been 3 days since i applied", ['elapsed', 'still']],
    ['钱包没用了，销户', ['instruction']],
  ])('"%s" shows %j', (text, cues) => {
    const found = cuesOf(text);
    for (const cue of cues) expect(found.has(cue), cue).toBe(true);
  });

  it('申请 is no wish, 还是 as "or" nothing still so, 之前 of one\'s own step nothing general', () => {
    expect(cuesOf('我上个月申请的').has('desire')).toBe(false);
    expect(cuesOf('要几天还是几周').has('still')).toBe(false);
    expect(cuesOf('之前已经申请了 还没好').has('generic')).toBe(false);
    expect(cuesOf('注销之前要做什么').has('generic')).toBe(true);
    expect(cuesOf('身份验证 注销').has('instruction')).toBe(false);
    expect(cuesOf('注销已经三天了 还能恢复吗').has('still')).toBe(false);
  });

  it('a phone number or an amount is no reference number', () => {
    expect(cuesOf('验证码发到13800000001了吗').has('reference')).toBe(false);
    expect(cuesOf('i have 25000 left in the wallet').has('reference')).toBe(false);
  });

  it('asking how long closing takes in general tells of no step of ones own', () => {
    const cues = cuesOf('how long does closing take once submitted');
    expect(cues.has('own-step')).toBe(false);
    expect(cues.has('generic')).toBe(true);
  });
});
