import path from 'node:path';
import { loadConfig } from '../../src/config';
import { loadAnswering } from '../../src/bot/runtime';
import type { AnswerService } from '../../src/knowledge/answerService';
import { KnowledgeSearch } from '../../src/knowledge/search';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { detectScript } from '../../src/nlu/script';
import { PlainBm25 } from './baseline';
import { loadEvalSet, type EvalItem } from './evalSet';
import { writtenFolds } from './writtenFolds';

/**
 * `npm run eval [-- --set holdout|blind] [-- --verbose] [-- --sweep]`, or `-- --sets chat2,chat3` for one line per set,
 * or `-- --written` for the written training examples scored in two folds (writtenFolds.ts): accuracy of intent, language
 * and top-1 topic on a labeled question set, per intent and per language, plus how many out-of-scope
 * questions the knowledge base (wrongly) answered. `--sweep` shows how the answer threshold trades
 * right answers for rejected out-of-scope questions. The plain BM25 baseline (`baseline.ts`) is
 * scored on the same set and printed beside the bot.
 */
/** The row of the Chinese questions written in Traditional characters (also counted under zh-CN). */
export const TRADITIONAL = 'zh-CN, Traditional';

/** The rows an item counts in: its language, and the Traditional row when it is written so. */
function rowsOf(item: EvalItem): string[] {
  return detectScript(item.text) === 'traditional' ? [item.locale, TRADITIONAL] : [item.locale];
}

export interface Tally {
  right: number;
  total: number;
}

export function pct(t: Tally): string {
  return t.total === 0 ? '   -  ' : `${((100 * t.right) / t.total).toFixed(1).padStart(5)}%`;
}

function add(map: Map<string, Tally>, key: string, ok: boolean): void {
  const t = map.get(key) ?? { right: 0, total: 0 };
  t.total += 1;
  if (ok) t.right += 1;
  map.set(key, t);
}

export function evaluate(answers: AnswerService, items: EvalItem[]) {
  const byIntent = new Map<string, Tally>();
  const topicByLocale = new Map<string, Tally>();
  const intentByLocale = new Map<string, Tally>();
  const languageByLocale = new Map<string, Tally>();
  const oosAnswered = { right: 0, total: 0 };
  const mistakes: string[] = [];
  /** FAQ questions given another topic or intent: expected → given, how often. */
  const confusion = new Map<string, number>();
  for (const item of items) {
    const result = answers.answer(item.text);
    // A safety signal gets the hand-off in every flow, after the answer to a question it rode along with.
    const intentOk = result.intent === item.intent || (item.intent === 'handoff' && result.safety !== undefined);
    add(byIntent, item.intent, intentOk);
    for (const row of rowsOf(item)) {
      add(intentByLocale, row, intentOk);
      add(languageByLocale, row, result.locale === item.locale);
    }
    if (item.intent === 'faq') {
      const topicOk = intentOk && result.sources[0]?.id === item.topic;
      for (const row of rowsOf(item)) add(topicByLocale, row, topicOk);
      if (!topicOk) {
        mistakes.push(`faq  ${item.topic} <- ${result.intent}/${result.sources[0]?.id ?? '-'} ${result.sources[0]?.score ?? ''} | ${item.text}`);
        const given = `${item.topic} → ${result.intent === 'faq' ? result.sources[0]?.id : `(${result.intent})`}`;
        confusion.set(given, (confusion.get(given) ?? 0) + 1);
      }
    } else if (!intentOk) {
      mistakes.push(`${item.intent} <- ${result.intent}/${result.sources[0]?.id ?? '-'} ${result.sources[0]?.score ?? ''} | ${item.text}`);
    }
    if (item.intent === 'out_of_scope') {
      oosAnswered.total += 1;
      if (result.intent !== 'faq') oosAnswered.right += 1;
    }
  }
  return { byIntent, topicByLocale, intentByLocale, languageByLocale, oosAnswered, mistakes, confusion };
}

/** The baseline's top-1 topic on FAQ questions, per language, and how often it answers at all, per intent. */
export function evaluateBaseline(baseline: PlainBm25, items: EvalItem[]) {
  const topicByLocale = new Map<string, Tally>();
  const answeredByIntent = new Map<string, Tally>();
  for (const item of items) {
    const top = baseline.topTopic(item.text);
    add(answeredByIntent, item.intent, item.intent === 'faq' ? top === item.topic : top === undefined);
    if (item.intent === 'faq') for (const row of rowsOf(item)) add(topicByLocale, row, top === item.topic);
  }
  return { topicByLocale, answeredByIntent };
}

const SWEEP = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5];

/** Per threshold: FAQ questions answered with the right topic, per language, and out-of-scope ones rejected. */
function sweep(knowledge: KnowledgeBase, items: EvalItem[]): string[] {
  const search = new KnowledgeSearch(knowledge);
  const scored = items
    .filter((item) => item.intent === 'faq' || item.intent === 'out_of_scope')
    .map((item) => ({ item, top: search.search(item.text).hits[0] }));
  const lines = ['threshold   zh-CN right   en right   out-of-scope rejected'];
  for (const t of SWEEP) {
    const right = (locale: string): Tally => {
      const faq = scored.filter((s) => s.item.intent === 'faq' && s.item.locale === locale);
      return { total: faq.length, right: faq.filter((s) => s.top && s.top.score >= t && s.top.topicId === s.item.topic).length };
    };
    const oos = scored.filter((s) => s.item.intent === 'out_of_scope');
    const rejected = { total: oos.length, right: oos.filter((s) => !s.top || s.top.score < t).length };
    lines.push(`  ${t.toFixed(2)}       ${pct(right('zh-CN'))}      ${pct(right('en'))}     ${pct(rejected)}`);
  }
  return lines;
}

/** Per intent, the columns of the table that compares sets (`--sets`): intent accuracy, then top-1 topic per language. */
const TABLE_INTENTS = ['closure.start', 'closure.status', 'handoff', 'faq', 'out_of_scope', 'greeting'] as const;

/**
 * One line per set, every intent and top-1 topic per language side by side, so a change is seen on
 * all sets at once, those not looked at too (the generalisation check of issue #8).
 */
async function table(answers: AnswerService, names: string[]): Promise<string[]> {
  const head = ['set', 'start', 'status', 'handoff', 'faq', 'oos', 'greet', 'top1 zh', 'top1 trad', 'top1 en'];
  const lines = [head.map((h, i) => (i === 0 ? h.padEnd(12) : h.padStart(15))).join('')];
  for (const name of names) {
    const r = evaluate(answers, await loadEvalSet(path.resolve('test/eval', `${name}.yaml`)));
    const cells = [...TABLE_INTENTS.map((i) => r.byIntent.get(i)), ...['zh-CN', TRADITIONAL, 'en'].map((l) => r.topicByLocale.get(l))];
    lines.push(name.padEnd(12) + cells.map((t = { right: 0, total: 0 }) => `${pct(t)} ${`${t.right}/${t.total}`.padStart(7)}`.padStart(15)).join(''));
  }
  return lines;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--written')) {
    for (const line of await writtenFolds(loadConfig().knowledgeDir)) console.log(line);
    return;
  }
  if (args.includes('--sets')) {
    const { answers } = await loadAnswering(loadConfig());
    for (const line of await table(answers, (args[args.indexOf('--sets') + 1] ?? '').split(',').filter(Boolean))) console.log(line);
    return;
  }
  const setName = args.includes('--set') ? args[args.indexOf('--set') + 1] ?? 'questions' : 'questions';
  const file = path.resolve('test/eval', `${setName}.yaml`);
  const items = await loadEvalSet(file);
  const { knowledge, answers } = await loadAnswering(loadConfig());
  const r = evaluate(answers, items);
  const b = evaluateBaseline(new PlainBm25(knowledge), items);

  console.log(`Evaluation set: ${path.relative(process.cwd(), file)} (${items.length} questions)\n`);
  const none = { right: 0, total: 0 };
  console.log('Intent accuracy per intent        bot              plain BM25 (faq: right topic; others: nothing answered)');
  for (const [intent, t] of [...r.byIntent].sort()) {
    const bt = b.answeredByIntent.get(intent) ?? none;
    console.log(`  ${intent.padEnd(16)} ${pct(t)}  (${`${t.right}/${t.total})`.padEnd(8)}   ${pct(bt)}  (${bt.right}/${bt.total})`);
  }
  console.log('\nPer language            intent   top-1 topic (faq)   language detected   plain BM25 top-1 topic');
  for (const locale of ['zh-CN', TRADITIONAL, 'en']) {
    if (!r.intentByLocale.has(locale)) continue;
    const i = r.intentByLocale.get(locale) ?? none;
    const tp = r.topicByLocale.get(locale) ?? none;
    const l = r.languageByLocale.get(locale) ?? none;
    const bt = b.topicByLocale.get(locale) ?? none;
    console.log(`  ${locale.padEnd(22)} ${pct(i)}   ${pct(tp)} (${`${tp.right}/${tp.total})`.padEnd(8)}   ${pct(l)}             ${pct(bt)} (${bt.right}/${bt.total})`);
  }
  console.log(`\nOut-of-scope questions not answered from the knowledge base: ${pct(r.oosAnswered)} (${r.oosAnswered.right}/${r.oosAnswered.total})`);
  if (args.includes('--sweep')) {
    console.log('\nAnswer threshold sweep (knowledge search alone, request intents left out)');
    for (const line of sweep(knowledge, items)) console.log(`  ${line}`);
  }
  if (args.includes('--verbose')) {
    console.log(`\nMistakes (${r.mistakes.length}): expected <- got`);
    for (const m of r.mistakes) console.log(`  ${m}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve('test/eval/run-eval.ts')) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
