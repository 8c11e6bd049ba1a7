import path from 'node:path';
import { loadConfig } from '../../src/config';
import { loadAnswering } from '../../src/bot/runtime';
import type { AnswerService } from '../../src/knowledge/answerService';
import { loadEvalSet, type EvalItem } from './evalSet';

/**
 * `npm run eval [-- --set holdout] [-- --verbose]`: accuracy of intent, language and top-1 topic on a
 * labeled question set, per intent and per language, plus how many out-of-scope questions the
 * knowledge base (wrongly) answered.
 */
interface Tally {
  right: number;
  total: number;
}

function pct(t: Tally): string {
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
  for (const item of items) {
    const result = answers.answer(item.text);
    const intentOk = result.intent === item.intent;
    add(byIntent, item.intent, intentOk);
    add(intentByLocale, item.locale, intentOk);
    add(languageByLocale, item.locale, result.locale === item.locale);
    if (item.intent === 'faq') {
      const topicOk = intentOk && result.sources[0]?.id === item.topic;
      add(topicByLocale, item.locale, topicOk);
      if (!topicOk) mistakes.push(`faq  ${item.topic} <- ${result.intent}/${result.sources[0]?.id ?? '-'} ${result.sources[0]?.score ?? ''} | ${item.text}`);
    } else if (!intentOk) {
      mistakes.push(`${item.intent} <- ${result.intent}/${result.sources[0]?.id ?? '-'} ${result.sources[0]?.score ?? ''} | ${item.text}`);
    }
    if (item.intent === 'out_of_scope') {
      oosAnswered.total += 1;
      if (result.intent !== 'faq') oosAnswered.right += 1;
    }
  }
  return { byIntent, topicByLocale, intentByLocale, languageByLocale, oosAnswered, mistakes };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const setName = args.includes('--set') ? args[args.indexOf('--set') + 1] ?? 'questions' : 'questions';
  const file = path.resolve('test/eval', `${setName}.yaml`);
  const items = await loadEvalSet(file);
  const { answers } = await loadAnswering(loadConfig());
  const r = evaluate(answers, items);

  console.log(`Evaluation set: ${path.relative(process.cwd(), file)} (${items.length} questions)\n`);
  console.log('Intent accuracy per intent');
  for (const [intent, t] of [...r.byIntent].sort()) console.log(`  ${intent.padEnd(16)} ${pct(t)}  (${t.right}/${t.total})`);
  console.log('\nPer language            intent   top-1 topic (faq)   language detected');
  for (const locale of ['zh-CN', 'en']) {
    const i = r.intentByLocale.get(locale) ?? { right: 0, total: 0 };
    const tp = r.topicByLocale.get(locale) ?? { right: 0, total: 0 };
    const l = r.languageByLocale.get(locale) ?? { right: 0, total: 0 };
    console.log(`  ${locale.padEnd(22)} ${pct(i)}   ${pct(tp)} (${tp.right}/${tp.total})      ${pct(l)}`);
  }
  console.log(`\nOut-of-scope questions not answered from the knowledge base: ${pct(r.oosAnswered)} (${r.oosAnswered.right}/${r.oosAnswered.total})`);
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
