import { beforeAll, describe, expect, it } from 'vitest';
import { ChineseTypoCorrector } from '../../src/knowledge/chineseTypos';
import type { KnowledgeSearch } from '../../src/knowledge/search';
import type { Recognizer } from '../../src/nlu/recognizer';
import { loadKnowledgeFixture } from '../support/knowledgeFixture';

let search: KnowledgeSearch;
let recognizer: Recognizer;
beforeAll(async () => {
  ({ search, recognizer } = await loadKnowledgeFixture());
});

describe('Chinese typos by sound and shape', () => {
  it.each([
    ['鱼额不为零能注销吗', '余额'],
    ['注销后还能灰复吗', '恢复'],
    ['注销会影响争信吗', '征信'],
    ['销户前要备分数据吗', '备份'],
    ['确认油件没收到怎么办', '邮件'],
  ])('"%s" is read as %s', (text, word) => {
    expect(search.analyzer.correctChinese(text)).toContain(word);
  });

  it.each(['支付密码忘了怎么重置', '回复邮件要多久', '今天天气怎么样', '给我接个客服'])('"%s": real words and particles stay as written', (text) => {
    expect(search.analyzer.correctChinese(text)).toBe(text);
  });

  it.each([
    ['销户需要多长时问', '时间', 'closure-timing'],
    ['住销账户的步聚是什么', '步骤', 'closure-steps'],
  ])('"%s": a look-alike character is read as %s, and the question finds %s', (text, word, topic) => {
    expect(search.analyzer.correctChinese(text)).toContain(word);
    expect(search.search(text).hits[0]?.topicId).toBe(topic);
  });

  it.each(['工作人员来过电话 注销要多久', '有未完成的交易能注销吗', '客服人员来处理我的注销'])(
    '"%s": a stretch whose edge makes a real word with its neighbour stays, the typo is no likelier',
    (text) => {
      expect(search.analyzer.correctChinese(text)).toBe(text);
    },
  );

  it('corrects a stretch next to a real word when the corrected reading is much more likely (备分数据 is 备份数据)', () => {
    expect(search.analyzer.correctChinese('注销前要不要把备分数据导出来')).toContain('备份数据');
  });

  it('corrects a look-alike only towards a word of the knowledge base', () => {
    expect(new ChineseTypoCorrector(['时间']).correct('时问')).toBe('时间');
    expect(new ChineseTypoCorrector(['费用']).correct('时问')).toBe('时问');
  });

  it('reads a word as its homophone only where that makes clearly more sense (回复 → 恢复)', () => {
    expect(recognizer.recognize('账户注销以后还能回复吗', 'zh-CN').topics[0]?.topicId).toBe('recovery-after-closure');
    expect(recognizer.recognize('客服一直不回复我怎么办', 'zh-CN').topics[0]?.topicId).toBe('troubleshooting');
  });

  it('a corrected question finds the topic its correct spelling finds', () => {
    const typo = search.search('注销后还能灰复吗').hits[0];
    const right = search.search('注销后还能恢复吗').hits[0];
    expect(typo?.topicId).toBe('recovery-after-closure');
    expect(typo).toEqual(right);
  });

  it('reads Taiwan\'s words as the knowledge base\'s (紀錄 is 记录, 匯出 is 导出, 信箱 is the email)', () => {
    expect(search.analyzer.analyze('交易紀錄')).toEqual(search.analyzer.analyze('交易记录'));
    expect(search.analyzer.analyze('匯出')).toEqual(search.analyzer.analyze('导出'));
    expect(search.analyzer.analyze('信箱')).toEqual(search.analyzer.analyze('邮箱'));
  });

  it('reads Traditional Chinese as the Simplified knowledge base', () => {
    expect(search.search('註銷之後還能恢復嗎').hits[0]?.topicId).toBe(search.search('注销之后还能恢复吗').hits[0]?.topicId);
  });
});
