/**
 * Written Cantonese as Hong Kong writes it ("唔該幫我取消呢個戶口", "點樣註銷", "銷咗佢"), in Mandarin
 * words, so the patterns, the intent models and the search (all trained on Mandarin) read it. Only
 * Cantonese's grammatical words and its word for a bank or wallet account are listed: they are a
 * closed set, unlike the vocabulary. Runs on Simplified text (after OpenCC), longest words first.
 */
const CANTONESE_WORDS: [string, string][] = [
  ['可唔可以', '可不可以'],
  ['系唔系', '是不是'],
  ['有冇', '有没有'],
  ['得唔得', '行不行'],
  ['仲未', '还没'],
  ['几耐', '多久'],
  ['搞掂', '搞定'],
  ['唔该', '麻烦'],
  ['点样', '怎样'],
  ['点解', '为什么'],
  ['几时', '什么时候'],
  ['边度', '哪里'],
  ['边个', '哪个'],
  ['乜嘢', '什么'],
  ['呢个', '这个'],
  ['嗰个', '那个'],
  ['呢度', '这里'],
  ['户口', '账户'],
  ['唔', '不'],
  ['咩', '什么'],
  ['嘅', '的'],
  ['咗', '了'],
  ['冇', '没有'],
  ['佢', '它'],
  ['仲', '还'],
  ['啲', '些'],
  ['睇', '看'],
  ['揾', '找'],
  ['俾', '给'],
];

const CANTONESE = new RegExp(CANTONESE_WORDS.map(([word]) => word).join('|'), 'g');
const MANDARIN = new Map(CANTONESE_WORDS);

/** `text` (Simplified) with Cantonese words in their Mandarin form; other text unchanged. */
export function cantoneseToMandarin(text: string): string {
  return text.replace(CANTONESE, (word) => MANDARIN.get(word)!);
}
