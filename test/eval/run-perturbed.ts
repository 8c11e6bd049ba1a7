import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { loadAnswering } from '../../src/bot/runtime';
import { toTraditional } from '../../src/nlu/script';
import { loadEvalSet, type EvalItem } from './evalSet';

/**
 * `npm run eval:perturbed [-- --flips]`: how well understanding holds when a question the bot answers
 * right is written differently in ways people write, on every evaluation set's FAQ questions: in
 * Traditional characters, with chat before or after it, with an English word mistyped. A change that
 * only fits the sets shows here as answers that flip. The chat and the slips are generic (no set's
 * words); which one a question gets follows from its text, so runs compare question by question.
 */

const ZH_BEFORE = ['你好，', '在吗 ', '打扰一下，', '客服你好 想问一下 '];
const ZH_AFTER = [' 谢谢', '，麻烦了', ' 急', ' 求回复', '，我不太懂这些', ' 拜托拜托'];
const EN_BEFORE = ['hi, ', 'hello there. ', 'quick question: ', 'hey so '];
const EN_AFTER = [' thanks', ', thank you!', ' pls help', ' asap', ', sorry if this is a dumb question', ' cheers'];

/** One slip of the fingers in the longest word of five letters or more: two neighbouring letters swapped. */
function swapLetters(text: string): string | undefined {
  const words = text.match(/[a-z]{5,}/gi);
  if (!words) return undefined;
  const word = words.reduce((a, b) => (b.length > a.length ? b : a));
  const i = Math.floor(word.length / 2);
  return text.replace(word, word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1));
}

/** One letter dropped from the middle of the longest word of six letters or more. */
function dropLetter(text: string): string | undefined {
  const words = text.match(/[a-z]{6,}/gi);
  if (!words) return undefined;
  const word = words.reduce((a, b) => (b.length > a.length ? b : a));
  const i = Math.floor(word.length / 2);
  return text.replace(word, word.slice(0, i) + word.slice(i + 1));
}

/**
 * A second bank of chat, written after the fixes the first one led to and never used for a fix: how
 * far those fixes carry to chat they were not made for (`--fresh`).
 */
const FRESH_ZH_BEFORE = ['哈喽，', '亲 ', '不好意思问一下，', '各位好 '];
const FRESH_ZH_AFTER = [' 多谢', '，在线等挺急的', ' 有人吗', '，帮帮忙吧', ' 我是第一次用', '，先谢过了'];
const FRESH_EN_BEFORE = ['good morning, ', 'hiya. ', 'excuse me, ', 'ok so '];
const FRESH_EN_AFTER = [' ty', ', many thanks', ' help!!', ' need to know today', ', first time using this app', ' appreciate it'];

/** A third bank, written after the second one led to a fix (first time): never used for one. */
const FRESH2_ZH_BEFORE = ['早上好，', '请教个问题 ', '急！', '我想咨询一下 '];
const FRESH2_ZH_AFTER = [' 感谢', '，麻烦尽快', ' 等你回复', '，老人家不太会弄', ' 多多指教', '，顺便问问'];
const FRESH2_EN_BEFORE = ['good evening! ', 'so um ', 'question for you guys: ', 'hi im new here, '];
const FRESH2_EN_AFTER = [' much appreciated', ', need this sorted', ' please respond', ', my english is not good', ' lol', ' thank you in advance'];

/** Which chat a question gets, by its text: the same in every run, whichever questions are right. */
function pick(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.codePointAt(0)!) >>> 0;
  return h;
}

type Perturbation = (item: EvalItem, n: number) => string | undefined;

const PERTURBATIONS: Record<string, Perturbation> = {
  traditional: (item) => (item.locale === 'zh-CN' && toTraditional(item.text) !== item.text ? toTraditional(item.text) : undefined),
  'chat before': (item, n) => (item.locale === 'zh-CN' ? ZH_BEFORE[n % ZH_BEFORE.length]! : EN_BEFORE[n % EN_BEFORE.length]!) + item.text,
  'chat after': (item, n) => item.text + (item.locale === 'zh-CN' ? ZH_AFTER[n % ZH_AFTER.length]! : EN_AFTER[n % EN_AFTER.length]!),
  'fresh before': (item, n) => (item.locale === 'zh-CN' ? FRESH_ZH_BEFORE[n % FRESH_ZH_BEFORE.length]! : FRESH_EN_BEFORE[n % FRESH_EN_BEFORE.length]!) + item.text,
  'fresh after': (item, n) => item.text + (item.locale === 'zh-CN' ? FRESH_ZH_AFTER[n % FRESH_ZH_AFTER.length]! : FRESH_EN_AFTER[n % FRESH_EN_AFTER.length]!),
  'fresh2 before': (item, n) => (item.locale === 'zh-CN' ? FRESH2_ZH_BEFORE[n % FRESH2_ZH_BEFORE.length]! : FRESH2_EN_BEFORE[n % FRESH2_EN_BEFORE.length]!) + item.text,
  'fresh2 after': (item, n) => item.text + (item.locale === 'zh-CN' ? FRESH2_ZH_AFTER[n % FRESH2_ZH_AFTER.length]! : FRESH2_EN_AFTER[n % FRESH2_EN_AFTER.length]!),
  'no punctuation': (item) => (/[\p{P}]/u.test(item.text) ? item.text.replace(/[\p{P}]+/gu, ' ').trim() : undefined),
  'upper case': (item) => (item.locale === 'en' ? item.text.toUpperCase() : undefined),
  'letters swapped': (item) => (item.locale === 'en' ? swapLetters(item.text) : undefined),
  'letter dropped': (item) => (item.locale === 'en' ? dropLetter(item.text) : undefined),
};

async function main(): Promise<void> {
  const dir = path.resolve('test/eval');
  const { answers } = await loadAnswering(loadConfig({ LOG_LEVEL: 'silent' }));
  const items: EvalItem[] = [];
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) items.push(...(await loadEvalSet(path.join(dir, f))));
  const right = (text: string, item: EvalItem) => {
    const r = answers.answer(text);
    return r.intent === 'faq' && r.sources[0]?.id === item.topic;
  };
  const faq = items.filter((i) => i.intent === 'faq' && right(i.text, i));
  console.log(`${faq.length} FAQ questions answered right as written; share still right when written otherwise:`);
  const flips: string[] = [];
  for (const [name, perturb] of Object.entries(PERTURBATIONS)) {
    for (const locale of ['zh-CN', 'en'] as const) {
      let total = 0;
      let kept = 0;
      faq.forEach((item) => {
        if (item.locale !== locale) return;
        const text = perturb(item, pick(item.text));
        if (text === undefined) return;
        total += 1;
        if (right(text, item)) kept += 1;
        else {
          const r = answers.answer(text);
          flips.push(`${name.padEnd(16)} ${item.topic} <- ${r.intent}/${r.sources[0]?.id ?? '-'} ${r.sources[0]?.score ?? ''} | ${text}`);
        }
      });
      if (total > 0) console.log(`  ${name.padEnd(16)} ${locale.padEnd(6)} ${((100 * kept) / total).toFixed(1).padStart(5)}%  (${kept}/${total})`);
    }
  }
  if (process.argv.includes('--flips')) for (const f of flips) console.log(`  ${f}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
