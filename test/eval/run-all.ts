import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { loadAnswering } from '../../src/bot/runtime';
import { detectScript } from '../../src/nlu/script';
import { PlainBm25 } from './baseline';
import { loadEvalSet, type EvalItem } from './evalSet';

/**
 * `npm run eval:all [-- --json FILE] [-- --misses]`: every evaluation set at once, so a change is
 * judged on all of them, not on the one it was made for. Per set: top-1 topic per language (and
 * Traditional), the plain BM25 baseline beside it, out-of-scope refused; then the pooled figures
 * and the topic pairs most often mixed up across all sets (expected → given). `--json` writes the
 * figures for a before/after comparison (`--compare FILE` prints the differences against one).
 */

interface Tally {
  right: number;
  total: number;
}

type Row = 'zh-CN' | 'trad' | 'en' | 'oos';
const ROWS: Row[] = ['zh-CN', 'trad', 'en', 'oos'];

interface SetScore {
  bot: Record<Row, Tally>;
  bm25: Record<Exclude<Row, 'oos'>, Tally>;
}

const empty = (): Tally => ({ right: 0, total: 0 });
const pct = (t: Tally | undefined): string => (!t || t.total === 0 ? '    - ' : `${((100 * t.right) / t.total).toFixed(1).padStart(5)}%`);

function tally(t: Tally, ok: boolean): void {
  t.total += 1;
  if (ok) t.right += 1;
}

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
    const s: SetScore = {
      bot: { 'zh-CN': empty(), trad: empty(), en: empty(), oos: empty() },
      bm25: { 'zh-CN': empty(), trad: empty(), en: empty() },
    };
    for (const item of items) {
      const result = answers.answer(item.text);
      const traditional = item.locale === 'zh-CN' && detectScript(item.text) === 'traditional';
      if (item.intent === 'out_of_scope') {
        tally(s.bot.oos, result.intent !== 'faq');
        if (result.intent === 'faq') misses.push(`${name}  oos <- ${result.sources[0]?.id} ${result.sources[0]?.score} | ${item.text}`);
        continue;
      }
      if (item.intent !== 'faq') continue;
      const got = result.intent === 'faq' ? result.sources[0]?.id : undefined;
      const ok = got === item.topic;
      const top = baseline.topTopic(item.text);
      for (const row of traditional ? (['zh-CN', 'trad'] as const) : [item.locale]) {
        tally(s.bot[row], ok);
        tally(s.bm25[row], top === item.topic);
      }
      if (!ok) {
        const key = `${item.topic} → ${got ?? `(${result.intent})`}`;
        confusion.set(key, (confusion.get(key) ?? 0) + 1);
        misses.push(`${name}  ${item.topic} <- ${result.intent}/${result.sources[0]?.id ?? '-'} ${result.sources[0]?.score ?? ''} | ${item.text}`);
      }
    }
    scores[name] = s;
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
