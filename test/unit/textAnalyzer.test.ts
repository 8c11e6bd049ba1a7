import { describe, expect, it } from 'vitest';
import { stemmer } from 'stemmer';
import { editDistance, TextAnalyzer } from '../../src/knowledge/textAnalyzer';

const analyzer = new TextAnalyzer({
  close: { zh: ['注销', '销户', '删号', '关闭账户'], en: ['close', 'delete', 'shut down'], aboutClosing: true, aboutClosingWith: [] },
  credit: { zh: ['征信', '信用记录', '信用分'], en: ['credit', 'credit score'], aboutClosing: false, aboutClosingWith: [] },
  balance: { zh: ['余额', '钱'], en: ['balance', 'money'], aboutClosing: false, aboutClosingWith: [] },
});
analyzer.setVocabulary(['account', 'recover', 'transactions', 'confirmation', 'balance', 'separate', 'through']);

describe('text analyzer', () => {
  it.each([
    ['销户会影响信用分吗', ['§close', '影响', '§credit']],
    ['注销以后征信有影响没', ['§close', '以后', '§credit', '影响']],
    ['删号了还能找回吗', ['§close', '找回']],
    ['Will closing my account hurt my credit score?', ['§close', 'account', 'hurt', '§credit']],
    ['SHUT DOWN my acount', ['§close', 'account']],
    ['money left', ['§balance', 'left']],
    ['I still have $50, can I close?', ['§balance', '§close']],
    ['账户里还有两百多块钱', ['账户', '§balance']],
    ['havent used it, cant close', ['us', 'cannot', '§close']],
    ['security-wise ok?', ['secur']],
  ])('%s', (text, expected) => {
    expect(analyzer.analyze(text)).toEqual(expected);
  });

  it.each([
    ['注销之后账单还在不在', '注销之后账单还在'],
    ['销户影不影响信用分', '销户影响信用分'],
    ['余额用没用完都能注销吗', '余额用完都能注销吗'],
  ])('"%s" (A not A) is read as "%s"', (aNotA, plain) => {
    expect(analyzer.analyze(aNotA)).toEqual(analyzer.analyze(plain));
  });

  it('maps Chinese synonyms and English synonyms to the same concept', () => {
    expect(analyzer.analyze('余额')).toEqual(analyzer.analyze('balance'));
    expect(analyzer.analyze('关闭账户')).toEqual(analyzer.analyze('close'));
  });

  it('leaves words it does not know alone, so they count against a match', () => {
    expect(analyzer.analyze('天气预报')).toEqual(['天气预报']);
    expect(analyzer.analyze('weather tomorrow')).toEqual(['weather', 'tomorrow']);
  });

  it('never corrects a word whose stem it knows into another word', () => {
    const withRecovery = new TextAnalyzer({
      close: { zh: [], en: ['deactivated'], aboutClosing: true, aboutClosingWith: [] },
      recover: { zh: [], en: ['reactivate'], aboutClosing: true, aboutClosingWith: [] },
    });
    withRecovery.setVocabulary(withRecovery.knownWords());
    expect(withRecovery.analyze('reactivated')).toEqual(['§recover']);
  });

  it.each([
    ['can u close with a balence left', ['§close', '§balance', 'left']],
    ['a seperate account', ['separ', 'account']],
  ])('"%s": in a long word a vowel written for another is a typo', (text, expected) => {
    expect(analyzer.analyze(text)).toEqual(expected);
  });

  it.each([
    ['lost', 'last'],
    ['spend', 'spind'],
  ])('"%s": a short word differing in a vowel is no typo of "%s"', (word, known) => {
    const analyzer = new TextAnalyzer({});
    analyzer.setVocabulary([known]);
    expect(analyzer.analyze(word)).toEqual([word]);
  });

  it.each([
    ['walk me thru it', 'walk me through it'],
    ['i close it bc i barely use it', 'i close it because i barely use it'],
    ['can u close ur acct', 'can you close your acct'],
  ])('"%s": chat shorthand reads as "%s"', (shorthand, full) => {
    expect(analyzer.analyze(shorthand)).toEqual(analyzer.analyze(full));
  });

  it('returns nothing for punctuation and stop words only', () => {
    expect(analyzer.analyze('？？ 的 了 吗 the a')).toEqual([]);
  });
});

describe('edit distance', () => {
  it.each([
    ['acount', 'account', 1],
    ['recieve', 'receive', 1],
    ['accoumt', 'account', 1],
    ['reply', 'repay', 2],
    ['kitten', 'sitting', 5],
    ['same', 'same', 0],
    ['balence', 'balance', 2],
  ])('%s ~ %s = %i (a slip to a neighbouring key is one edit, another letter two)', (a, b, d) => {
    expect(editDistance(a, b, 5)).toBe(d);
  });

  it('counts a vowel for a vowel as one edit when asked (long words)', () => {
    expect(editDistance('balence', 'balance', 5, true)).toBe(1);
    expect(editDistance('reply', 'repay', 5, true)).toBe(2);
  });

  it('stops early past the limit', () => {
    expect(editDistance('abcdefgh', 'zyxwvuts', 2)).toBe(3);
  });
});

describe('the knowledge base analyzer', () => {
  it('"filed" is a form of "file", a word of the knowledge base, never a typo of "failed"', async () => {
    const { loadKnowledgeFixture } = await import('../support/knowledgeFixture');
    const { search } = await loadKnowledgeFixture();
    expect(search.analyzer.analyze('i filed my closure request')).not.toContain('§problem');
    expect(search.analyzer.analyze('my closure request failed')).toContain('§problem');
  });
});

describe('compounds the knowledge base does not use', () => {
  const compounds = new TextAnalyzer({
    close: { zh: ['注销'], en: ['close'], aboutClosing: true, aboutClosingWith: [] },
    security: { zh: ['安全'], en: ['security'], aboutClosing: false, aboutClosingWith: [] },
    data: { zh: ['数据'], en: ['data'], aboutClosing: false, aboutClosingWith: [] },
  });
  compounds.setIndexedTerms(['检查', '流程', '清空', '所', '完']);

  it.each([
    ['注销前做安全检查', ['§close', '前', '做', '§security', '检查']],
    ['帮我检查一下', ['检查']],
    ['注销流程', ['§close', '流程']],
  ])('"%s" is read as the known words it is made of', (text, expected) => {
    expect(compounds.analyze(text)).toEqual(expected);
  });

  it('drops a stretch jieba glues of a function word and one character, which no dictionary has', () => {
    expect(compounds.analyze('注销完是不是数据都清空了')).toEqual(['§close', '§data', '清空']);
  });

  it('keeps a real word whole even when its characters are known (所有 is no 所 and 有)', () => {
    expect(compounds.analyze('所有数据')).toEqual(['所有', '§data']);
  });

  it('keeps a word that is not made of known words', () => {
    expect(compounds.analyze('天气预报')).toEqual(['天气预报']);
  });
});

describe('English typos', () => {
  const spelling = new TextAnalyzer({
    password: { zh: [], en: ['change my password', 'password'], aboutClosing: false, aboutClosingWith: [] },
    close: { zh: [], en: ['close'], aboutClosing: true, aboutClosingWith: [] },
  });
  spelling.setVocabulary([...spelling.knownWords(), 'change', 'history', 'transaction']);

  it.each([
    ['should i chnage my paswsord first', ['§password', 'first']],
    ['change my pasword', ['§password']],
  ])('"%s": a mistyped word of a phrase is read as the phrase', (text, expected) => {
    expect(spelling.analyze(text)).toEqual(expected);
  });

  it.each([
    ['is there anyhting to close', ['§close']],
    ['is there anythign about my transction histroy', ['transact', 'histori']],
  ])('"%s": a mistyped function word is dropped like the word itself', (text, expected) => {
    expect(spelling.analyze(text)).toEqual(expected);
  });
});

describe('irregular English verbs', () => {
  const verbs = new TextAnalyzer({
    recover: { zh: [], en: ['undo'], aboutClosing: true, aboutClosingWith: [] },
    withdraw: { zh: [], en: ['withdraw'], aboutClosing: false, aboutClosingWith: [] },
    balance: { zh: [], en: ['left'], aboutClosing: false, aboutClosingWith: [] },
  });

  it.each([
    ['can it be undone', ['§recover']],
    ['i already withdrew it all', ['alreadi', '§withdraw']],
    ['they were withdrawn', ['§withdraw']],
    ['anything left', ['§balance']],
  ])('"%s" is read by the verb\'s base form', (text, expected) => {
    expect(verbs.analyze(text)).toEqual(expected);
  });
});

describe('regular inflections of known words', () => {
  it.each([
    ['tried', ['tied', 'trying']],
    ['studies', ['studios', 'study']],
  ])('"%s" is a form of a known word, not a typo of another', (word, vocabulary) => {
    const analyzer = new TextAnalyzer({});
    analyzer.setVocabulary(vocabulary);
    expect(analyzer.analyze(word)).not.toContain(stemmer(vocabulary[0]!));
  });
});

describe('forms of a listed word', () => {
  it('a form of a word the synonyms list ("clsoing" of the listed typo "clsoe") is that word', () => {
    const analyzer = new TextAnalyzer({ close: { zh: [], en: ['close', 'closing', 'clsoe'], aboutClosing: true, aboutClosingWith: [] } });
    analyzer.setVocabulary([...analyzer.knownWords(), 'clothing']);
    expect(analyzer.analyze('before clsoing my account')).toContain('§close');
  });
});

describe('tries counted', () => {
  const tries = new TextAnalyzer({
    problem: { zh: [], en: ['several times', 'every time'], aboutClosing: false, aboutClosingWith: [] },
    time: { zh: [], en: ['time', 'how long'], aboutClosing: false, aboutClosingWith: [] },
  });

  it.each([['it failed 3 times'], ['tried a few times already'], ['crashed so many times']])('"%s" counts tries, a problem, not the timing', (text) => {
    expect(tries.analyze(text)).toContain('§problem');
    expect(tries.analyze(text)).not.toContain('§time');
  });

  it('"how many times" asks a count, not about a problem', () => {
    expect(tries.analyze('how many times can i try')).not.toContain('§problem');
  });
});
