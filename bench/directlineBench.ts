import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBotProcess } from './botProcess';
import { openConversation, type BenchConversation } from './directLineClient';
import { formatResult, QUESTIONS, summarize } from './load';

/**
 * `npm run bench`, Direct Line part: 100 conversations at once against the bot started the way
 * `npm start` starts it, in a process of its own so the clients' work is not counted as the bot's.
 * Each conversation is a client as Web Chat is: POST /conversations, the WebSocket stream, one
 * keep-alive connection; then turns: post a question, wait for the bot's reply on the stream, post
 * the next. After one untimed warm-up turn each, turns are timed for BENCH_DURATION_MS. Latency runs
 * from the POST leaving to the reply arriving on the stream. Loopback only, bounded in time.
 */
const CONVERSATIONS = Number(process.env['BENCH_DL_CONVERSATIONS'] ?? 100);
const DURATION_MS = Number(process.env['BENCH_DURATION_MS'] ?? 5000);
const question = (n: number) => QUESTIONS[n % QUESTIONS.length]!;

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-dl-bench-'));
  const secret = randomBytes(32).toString('base64url');
  const bot = await startBotProcess({
    script: 'src/index.ts',
    env: {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DIRECTLINE_SECRET: secret,
      // One client driving 100 conversations flat out: the per-client and per-conversation limits would measure themselves.
      RATE_LIMIT_PER_MINUTE: '1000000',
      CONVERSATION_MESSAGES_PER_MINUTE: '1000000',
    },
  });
  const conversations: BenchConversation[] = [];
  try {
    console.log(
      `\nDirect Line: ${CONVERSATIONS} concurrent conversations over the WebSocket stream, bot in its own process, ` +
        `${os.cpus().length} cores, ${DURATION_MS / 1000} s`,
    );
    const opening = performance.now();
    conversations.push(...(await Promise.all(Array.from({ length: CONVERSATIONS }, (_, i) => openConversation(bot.url, secret, i % 2 === 0 ? 'zh-CN' : 'en-US', `bench-${i}`)))));
    console.log(`  ${CONVERSATIONS} conversations started, streams open, welcomes received in ${((performance.now() - opening) / 1000).toFixed(1)} s`);
    await Promise.all(conversations.map((c, i) => c.say(question(i))));

    const latencies: number[] = [];
    const errors: string[] = [];
    const started = performance.now();
    const deadline = started + DURATION_MS;
    await Promise.all(
      conversations.map(async (conversation, i) => {
        for (let n = 1; performance.now() < deadline; n++) {
          try {
            latencies.push((await conversation.say(question(i + n))).latencyMs);
          } catch (err) {
            errors.push(err instanceof Error ? err.message : String(err));
          }
        }
      }),
    );
    const result = summarize(latencies, errors.length, (performance.now() - started) / 1000);
    console.log(formatResult('Direct Line turn, reply on stream', result, { rate: 'turns/s', count: 'turns' }));
    console.log('  closed loop: each conversation asks again as soon as its reply arrives, so latency includes the wait behind the others');
    if (errors.length > 0) {
      console.log(`  first errors: ${[...new Set(errors)].slice(0, 5).join('; ')}`);
      process.exitCode = 1;
    }
  } finally {
    for (const conversation of conversations) void conversation.close();
    await bot.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
