import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { createRuntime } from '../src/bot/runtime';
import { createLogger } from '../src/observability/logger';
import { startServer } from '../src/server';
import { loadEvalSet } from '../test/eval/evalSet';
import { formatResult, QUESTIONS, runLoad } from './load';

/**
 * `npm run bench`: the answer API against the same server's /healthz (the HTTP round trip it rides
 * on), and a full bot turn through /api/messages (recognize, dialog, state saved to SQLite), each
 * with 20 concurrent clients on loopback. The answer API runs twice: on a few common questions
 * (what a help desk mostly sees; rankings of recent queries are kept) and on every question of the
 * evaluation sets, each asked once, so each is ranked from scratch.
 */
const CONCURRENCY = 20;
/** A load test is one client asking as fast as it can: the per-client limits would measure themselves. */
const UNLIMITED = { RATE_LIMIT_PER_MINUTE: '1000000', ANSWER_REQUESTS_PER_MINUTE: '1000000' };
const DURATION_MS = Number(process.env['BENCH_DURATION_MS'] ?? 5000);

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-bench-'));
  const runtime = await createRuntime(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...UNLIMITED }), { logger: createLogger('silent') });
  const server = await startServer(runtime, 0);
  try {
    console.log(`Benchmark on ${os.cpus().length} cores, ${CONCURRENCY} concurrent clients, ${DURATION_MS / 1000} s each\n`);
    await runLoad({ url: `${server.url}/healthz`, concurrency: CONCURRENCY, durationMs: 1000 });
    const health = await runLoad({ url: `${server.url}/healthz`, concurrency: CONCURRENCY, durationMs: DURATION_MS });
    console.log(formatResult('GET /healthz', health));
    // Cycles through `questions`, asking each at most once when `once` is set.
    const ask = (questions: string[], once = false) =>
      runLoad({
        url: `${server.url}/api/answer`,
        method: 'POST',
        body: (n) => ({ text: questions[n % questions.length] }),
        concurrency: CONCURRENCY,
        durationMs: DURATION_MS,
        ...(once ? { maxRequests: questions.length } : {}),
      });
    const answer = await ask(QUESTIONS);
    console.log(formatResult('POST /api/answer', answer));
    console.log(`  /api/answer throughput is ${((100 * answer.perSecond) / health.perSecond).toFixed(0)}% of /healthz`);
    const distinct = await distinctQuestions();
    const cold = await ask(distinct, true);
    console.log(formatResult(`POST /api/answer, ${distinct.length} distinct`, cold));
    console.log(`  each question asked once: ${((100 * cold.perSecond) / health.perSecond).toFixed(0)}% of /healthz`);
    const turn = await runLoad({
      url: `${server.url}/api/messages`,
      method: 'POST',
      body: (n) => botTurn(n),
      concurrency: CONCURRENCY,
      durationMs: DURATION_MS,
    });
    console.log(formatResult('POST /api/messages (full bot turn)', turn));
  } finally {
    await server.close();
    await runtime.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Every question of the evaluation sets, once: none of them has been ranked before. */
async function distinctQuestions(): Promise<string[]> {
  const dir = path.resolve('test/eval');
  const sets = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  const texts = new Set<string>();
  for (const file of sets) for (const item of await loadEvalSet(path.join(dir, file))) texts.add(item.text);
  return [...texts];
}

/** A message activity as the Emulator sends it, replies returned in the response (expectReplies). */
function botTurn(n: number) {
  const conversation = `bench-${n % 200}`;
  return {
    type: 'message',
    id: `m${n}`,
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:1',
    deliveryMode: 'expectReplies',
    from: { id: `user-${conversation}` },
    recipient: { id: 'bot' },
    conversation: { id: conversation },
    text: QUESTIONS[n % QUESTIONS.length],
    locale: 'zh-CN',
  };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
