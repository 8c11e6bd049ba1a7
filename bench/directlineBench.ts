import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { formatResult, QUESTIONS, request, summarize } from './load';

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
const REPLY_TIMEOUT_MS = 20_000;
const STARTUP_TIMEOUT_MS = 60_000;
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

interface BotProcess {
  url: string;
  secret: string;
  stop(): Promise<void>;
}

/** `src/index.ts` in a child process on a free port, SQLite in a temp dir, the secret set here. */
async function startBotProcess(): Promise<BotProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-dl-bench-'));
  const port = await freePort();
  const secret = randomBytes(32).toString('base64url');
  const url = `http://127.0.0.1:${port}`;
  // Only what the run needs: a developer's DATABASE_URL or WALLET_API_URL must not change what is measured.
  const env: NodeJS.ProcessEnv = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DIRECTLINE_SECRET: secret,
    // One client driving 100 conversations flat out: the per-client and per-conversation limits would measure themselves.
    RATE_LIMIT_PER_MINUTE: '1000000',
    CONVERSATION_MESSAGES_PER_MINUTE: '1000000',
  };
  for (const name of ['PATH', 'HOME', 'TMPDIR']) if (process.env[name]) env[name] = process.env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilHealthy(url, exited);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, secret, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilHealthy(url: string, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline && !gone) {
    const ok = await fetch(`${url}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(gone ? 'the bot exited during start-up' : `the bot did not answer ${url}/healthz within ${STARTUP_TIMEOUT_MS / 1000} s`);
}

type StreamActivity = { type?: string; replyToId?: string; from?: { role?: string } };

interface BenchConversation {
  /** Posts `text`; resolves with ms from the POST leaving to the bot's reply arriving on the stream. */
  turn(text: string): Promise<number>;
  close(): void;
}

/** Starts a conversation as Web Chat does and waits for the welcome on its stream. */
async function openConversation(base: string, secret: string, index: number): Promise<BenchConversation> {
  // One connection per client, reused for every request, as a browser tab keeps one.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const started = await request(agent, `${base}/v3/directline/conversations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}` },
    body: JSON.stringify({ user: {}, locale: index % 2 === 0 ? 'zh-CN' : 'en-US' }),
  });
  if (started.status !== 201) throw new Error(`POST /conversations: HTTP ${started.status}`);
  const { conversationId, token, streamUrl } = JSON.parse(started.body) as { conversationId: string; token: string; streamUrl: string };

  const ws = new WebSocket(streamUrl);
  // The reply can arrive before the POST that caused it has returned: keep its arrival time until asked.
  const arrivals = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  let welcomed: () => void = () => undefined;
  const welcome = new Promise<void>((resolve) => {
    welcomed = resolve;
  });
  ws.on('message', (data) => {
    const frame = data.toString();
    if (!frame) return; // keep-alive
    const at = performance.now();
    for (const activity of (JSON.parse(frame) as { activities: StreamActivity[] }).activities) {
      if (activity.type !== 'message' || activity.from?.role !== 'bot') continue;
      if (!activity.replyToId) {
        welcomed();
        continue;
      }
      const resolve = waiting.get(activity.replyToId);
      if (resolve) {
        waiting.delete(activity.replyToId);
        resolve(at);
      } else if (!arrivals.has(activity.replyToId)) {
        arrivals.set(activity.replyToId, at);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  await withTimeout(welcome, REPLY_TIMEOUT_MS, 'welcome');

  let n = 0;
  const activitiesUrl = `${base}/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities`;
  return {
    async turn(text) {
      const t0 = performance.now();
      const posted = await request(agent, activitiesUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({ type: 'message', text, channelData: { clientActivityID: `bench-${index}-${n++}` } }),
      });
      if (posted.status !== 200) throw new Error(`POST activity: HTTP ${posted.status}`);
      const { id } = JSON.parse(posted.body) as { id: string };
      const early = arrivals.get(id);
      if (early !== undefined) {
        arrivals.delete(id);
        return early - t0;
      }
      const arrived = await withTimeout(new Promise<number>((resolve) => waiting.set(id, resolve)), REPLY_TIMEOUT_MS, 'reply').finally(() => waiting.delete(id));
      return arrived - t0;
    },
    close() {
      ws.close();
      agent.destroy();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: none within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const question = (n: number) => QUESTIONS[n % QUESTIONS.length]!;

async function main(): Promise<void> {
  const bot = await startBotProcess();
  const conversations: BenchConversation[] = [];
  try {
    console.log(
      `\nDirect Line: ${CONVERSATIONS} concurrent conversations over the WebSocket stream, bot in its own process, ` +
        `${os.cpus().length} cores, ${DURATION_MS / 1000} s`,
    );
    const opening = performance.now();
    conversations.push(...(await Promise.all(Array.from({ length: CONVERSATIONS }, (_, i) => openConversation(bot.url, bot.secret, i)))));
    console.log(`  ${CONVERSATIONS} conversations started, streams open, welcomes received in ${((performance.now() - opening) / 1000).toFixed(1)} s`);
    await Promise.all(conversations.map((c, i) => c.turn(question(i))));

    const latencies: number[] = [];
    const errors: string[] = [];
    const started = performance.now();
    const deadline = started + DURATION_MS;
    await Promise.all(
      conversations.map(async (conversation, i) => {
        for (let n = 1; performance.now() < deadline; n++) {
          try {
            latencies.push(await conversation.turn(question(i + n)));
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
    for (const conversation of conversations) conversation.close();
    await bot.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
