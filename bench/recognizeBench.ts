import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config';
import { loadAnswering } from '../src/bot/runtime';
import { loadEvalSet } from '../test/eval/evalSet';

/**
 * `npm run bench:recognize`: what understanding one message costs in the process, without HTTP:
 * every question of the evaluation sets answered once by a freshly loaded answer service (so no
 * cache has seen it), over a few rounds each on a new service; prints the mean and percentiles per
 * question of the fastest round (the machine is shared: the others measure its neighbours) and the
 * start-up (index build) times. The HTTP figures of `npm run bench` include this.
 */
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);

async function main(): Promise<void> {
  const questions = await distinctQuestions();
  const rounds: { mean: number; at: (p: number) => number }[] = [];
  const builds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    const { answers } = await loadAnswering(loadConfig({ LOG_LEVEL: 'silent' }));
    builds.push(performance.now() - start);
    const times: number[] = [];
    for (const q of questions) {
      const t = performance.now();
      answers.answer(q);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
    rounds.push({ mean: times.reduce((s, t) => s + t, 0) / times.length, at });
  }
  const best = rounds.reduce((a, b) => (b.mean < a.mean ? b : a));
  const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
  console.log(`${questions.length} distinct questions, each answered once by a fresh service, ${ROUNDS} rounds`);
  console.log(`  per question (fastest round): mean ${us(best.mean)}, p50 ${us(best.at(0.5))}, p90 ${us(best.at(0.9))}, p99 ${us(best.at(0.99))}`);
  console.log(`  round means: ${rounds.map((r) => us(r.mean)).join(', ')}`);
  console.log(`  loading the knowledge base and building the index: ${builds.map((b) => `${b.toFixed(0)} ms`).join(', ')}`);
}

/** Every question of the evaluation sets, once. */
async function distinctQuestions(): Promise<string[]> {
  const dir = path.resolve('test/eval');
  const texts = new Set<string>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'))) for (const item of await loadEvalSet(path.join(dir, file))) texts.add(item.text);
  return [...texts];
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
