import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createRuntime } from '../src/bot/runtime';
import { resolveDirectLineSecret } from '../src/channels/directline/secret';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/observability/logger';
import { startServer } from '../src/server';

/**
 * `npm run bench` (Direct Line part): the real bot behind its own Direct Line, 100 conversations at
 * once, each started like a client does (POST /conversations, then the WebSocket stream) and then
 * taking turns: post a question, wait for the bot's reply to arrive on the stream, post the next.
 * Latency is from the POST leaving to the reply arriving. Loopback only, bounded in count and time.
 */
const CONVERSATIONS = Number(process.env['BENCH_DL_CONVERSATIONS'] ?? 100);
const TURNS = Number(process.env['BENCH_DL_TURNS'] ?? 5);
const REPLY_TIMEOUT_MS = 20_000;
const DEADLINE_MS = Number(process.env['BENCH_DL_DEADLINE_MS'] ?? 120_000);

const QUESTIONS = [
  '注销后还能恢复吗',
  '销户会影响我的征信吗',
  'how long does closing my account take',
  '余额没清空能注销吗',
  'do I need to unlink my bank card first',
  '注销要多久',
  'what happens to my transaction history',
  '注销前要做什么准备',
];

type Activity = { id?: string; type?: string; replyToId?: string; from?: { role?: string } };

interface Outcome {
  latencies: number[];
  errors: string[];
}

/** Resolves once `count` callers have arrived: every conversation is open before any turn is timed. */
function barrier(count: number): () => Promise<void> {
  let arrived = 0;
  let release: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    release = resolve;
  });
  return () => {
    if (++arrived >= count) release();
    return all;
  };
}

/** One client: a conversation over the stream, TURNS questions in a row once every client is connected. */
async function runConversation(base: string, secret: string, index: number, ready: () => Promise<void>, deadline: () => number): Promise<Outcome> {
  const outcome: Outcome = { latencies: [], errors: [] };
  const started = await fetch(`${base}/v3/directline/conversations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ locale: index % 2 === 0 ? 'zh-CN' : 'en-US' }),
  });
  if (started.status !== 201) {
    void ready();
    return { ...outcome, errors: [`start: HTTP ${started.status}`] };
  }
  const { conversationId, token, streamUrl } = (await started.json()) as { conversationId: string; token: string; streamUrl: string };

  const ws = new WebSocket(streamUrl);
  const waiting = new Map<string, (at: number) => void>();
  const early = new Map<string, number>();
  let welcomed: () => void = () => undefined;
  const welcome = new Promise<void>((resolve) => {
    welcomed = resolve;
  });
  ws.on('message', (data) => {
    const text = data.toString();
    if (!text) return;
    const at = performance.now();
    for (const activity of (JSON.parse(text) as { activities: Activity[] }).activities) {
      if (activity.type !== 'message' || activity.from?.role !== 'bot') continue;
      if (!activity.replyToId) {
        welcomed();
        continue;
      }
      const resolve = waiting.get(activity.replyToId);
      if (resolve) {
        waiting.delete(activity.replyToId);
        resolve(at);
      } else if (!early.has(activity.replyToId)) {
        // The reply can beat the POST's response: remember when it came.
        early.set(activity.replyToId, at);
      }
    }
  });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await withTimeout(welcome, REPLY_TIMEOUT_MS, 'welcome').finally(ready);
    await ready();
    for (let turn = 0; turn < TURNS && performance.now() < deadline(); turn++) {
      const text = QUESTIONS[(index + turn) % QUESTIONS.length]!;
      const t0 = performance.now();
      const posted = await fetch(`${base}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text, channelData: { clientActivityID: `bench-${index}-${turn}` } }),
      });
      if (posted.status !== 200) {
        outcome.errors.push(`post: HTTP ${posted.status}`);
        continue;
      }
      const { id } = (await posted.json()) as { id: string };
      const arrived =
        early.get(id) ??
        (await withTimeout(
          new Promise<number>((resolve) => waiting.set(id, resolve)),
          REPLY_TIMEOUT_MS,
          'reply',
        ).catch((err: Error) => {
          outcome.errors.push(err.message);
          return undefined;
        }));
      early.delete(id);
      if (arrived !== undefined) outcome.latencies.push(arrived - t0);
    }
  } catch (err) {
    outcome.errors.push(err instanceof Error ? err.message : String(err));
  } finally {
    ws.close();
  }
  return outcome;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-dl-bench-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const runtime = await createRuntime(config, { logger: createLogger('silent') });
  const server = await startServer(runtime, 0, '127.0.0.1');
  const secret = resolveDirectLineSecret(config.DIRECTLINE_SECRET, config.dataDir);
  try {
    console.log(`Direct Line: ${CONVERSATIONS} concurrent conversations x ${TURNS} turns over WebSocket, on ${os.cpus().length} cores`);
    const started = performance.now();
    let turnsFrom = 0;
    const arrive = barrier(CONVERSATIONS);
    const ready = () =>
      arrive().then(() => {
        turnsFrom ||= performance.now();
      });
    const outcomes = await Promise.all(
      Array.from({ length: CONVERSATIONS }, (_, i) =>
        runConversation(server.url, secret, i, ready, () => started + DEADLINE_MS).catch((err: unknown) => ({ latencies: [], errors: [String(err)] })),
      ),
    );
    const seconds = (performance.now() - turnsFrom) / 1000;
    console.log(`  ${CONVERSATIONS} conversations started and welcomed in ${((turnsFrom - started) / 1000).toFixed(1)} s`);
    const latencies = outcomes.flatMap((o) => o.latencies).sort((a, b) => a - b);
    const errors = outcomes.flatMap((o) => o.errors);
    console.log(
      `${'Direct Line turns (post -> reply on stream)'.padEnd(44)} ${(latencies.length / seconds).toFixed(0).padStart(6)} turns/s   ` +
        `p50 ${percentile(latencies, 0.5).toFixed(1).padStart(7)} ms   p99 ${percentile(latencies, 0.99).toFixed(1).padStart(7)} ms   ` +
        `(${latencies.length} turns in ${seconds.toFixed(1)} s, ${errors.length} errors)`,
    );
    if (errors.length > 0) console.log(`  first errors: ${[...new Set(errors)].slice(0, 5).join('; ')}`);
    if (errors.length > 0) process.exitCode = 1;
  } finally {
    await server.close();
    await runtime.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
