import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { loadAnswering } from '../../src/bot/runtime';
import { PlainBm25 } from './baseline';
import { loadEvalSet, type EvalItem } from './evalSet';
import { evaluate, evaluateBaseline, pct, TRADITIONAL, type Tally } from './run-eval';

/**
 * `npm run eval:all [-- --json FILE] [-- --misses]`: every evaluation set at once, so a change is
 * judged on all of them, not on the one it was made for. Per set: top-1 topic per language (and
 * Traditional), the plain BM25 baseline beside it, out-of-scope refused; then the pooled figures
 * and the topic pairs most often mixed up across all sets (expected → given). `--json` writes the
 * figures for a before/after comparison (`--compare FILE` prints the differences against one).
 */

type Row = 'zh-CN' | 'trad' | 'en' | 'oos';
const ROWS: Row[] = ['zh-CN', 'trad', 'en', 'oos'];

interface SetScore {
  bot: Record<Row, Tally>;
  bm25: Record<Exclude<Row, 'oos'>, Tally>;
}

const empty = (): Tally => ({ right: 0, total: 0 });

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = path.resolve('test/eval');
  const names = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.replace(/\.yaml$/, ''))
    .sort();
  const { knowledge, answers } = await loadAnswering(loadConfig({ LOG_LEVEL: 'silent' }));
  const baseline = new PlainBm25(knowledge);
  const scores: Record<string, SetScore> = {};
  const confusion = new Map<string, number>();
  const misses: string[] = [];
  for (const name of names) {
    const items: EvalItem[] = await loadEvalSet(path.join(dir, `${name}.yaml`));
    const r = evaluate(answers, items);
    const b = evaluateBaseline(baseline, items);
    const topic = (map: Map<string, Tally>, row: string): Tally => map.get(row) ?? empty();
    scores[name] = {
      bot: { 'zh-CN': topic(r.topicByLocale, 'zh-CN'), trad: topic(r.topicByLocale, TRADITIONAL), en: topic(r.topicByLocale, 'en'), oos: r.oosAnswered },
      bm25: { 'zh-CN': topic(b.topicByLocale, 'zh-CN'), trad: topic(b.topicByLocale, TRADITIONAL), en: topic(b.topicByLocale, 'en') },
    };
    for (const [pair, n] of r.confusion) confusion.set(pair, (confusion.get(pair) ?? 0) + n);
    misses.push(...r.mistakes.filter((m) => m.startsWith('faq ') || m.startsWith('out_of_scope <- faq/')).map((m) => `${name}  ${m}`));
  }

  const before = args.includes('--compare') ? (JSON.parse(fs.readFileSync(args[args.indexOf('--compare') + 1]!, 'utf8')) as Record<string, SetScore>) : undefined;
  const cell = (name: string, row: Row): string => {
    const now = scores[name]!.bot[row];
    const was = before?.[name]?.bot[row];
    if (!was || was.total !== now.total || was.right === now.right) return `${pct(now)}      `;
    const d = now.right - was.right;
    return `${pct(now)} ${(d > 0 ? `+${d}` : `${d}`).padStart(3)}  `;
  };
  console.log('set          zh-CN         trad          en            oos refused   | BM25 zh-CN  trad    en');
  const pooled: SetScore = { bot: { 'zh-CN': empty(), trad: empty(), en: empty(), oos: empty() }, bm25: { 'zh-CN': empty(), trad: empty(), en: empty() } };
  for (const name of names) {
    const s = scores[name]!;
    for (const row of ROWS) {
      pooled.bot[row].right += s.bot[row].right;
      pooled.bot[row].total += s.bot[row].total;
    }
    for (const row of ['zh-CN', 'trad', 'en'] as const) {
      pooled.bm25[row].right += s.bm25[row].right;
      pooled.bm25[row].total += s.bm25[row].total;
    }
    console.log(`${name.padEnd(12)} ${ROWS.map((r) => cell(name, r)).join('')}| ${pct(s.bm25['zh-CN'])} ${pct(s.bm25.trad)} ${pct(s.bm25.en)}`);
  }
  console.log(
    `${'ALL'.padEnd(12)} ${ROWS.map((r) => `${pct(pooled.bot[r])} ${`${pooled.bot[r].total - pooled.bot[r].right}✗`.padStart(5)}`).join(' ')} | ${pct(pooled.bm25['zh-CN'])} ${pct(pooled.bm25.trad)} ${pct(pooled.bm25.en)}`,
  );
  console.log('\nTopic pairs mixed up, all sets (expected → given), twice or more:');
  for (const [pair, n] of [...confusion].sort((a, b) => b[1] - a[1]).filter(([, n]) => n >= 2)) console.log(`  ${String(n).padStart(3)}  ${pair}`);
  if (args.includes('--misses')) {
    console.log(`\nMisses (${misses.length}):`);
    for (const m of misses) console.log(`  ${m}`);
  }
  if (args.includes('--json')) fs.writeFileSync(args[args.indexOf('--json') + 1]!, JSON.stringify(scores, null, 1));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
