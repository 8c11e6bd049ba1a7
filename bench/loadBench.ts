import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { maskPhone } from '../src/observability/logger';
import { createFreshSchema } from '../test/support/freshPostgres';
import { codeIn, fetchDemoAccounts, fetchOutbox } from '../test/support/sandboxServer';
import { startBotProcess, type BotProcess, type HeapReading } from './botProcess';
import { buttonsOf, openConversation, shownText, type BenchConversation, type BotActivity } from './directLineClient';
import { QUESTIONS, summarize } from './load';

/**
 * `npm run bench:load`: N concurrent Direct Line conversations (default 200) against the bot in
 * its own process(es), and in the same run against two floors: an echo bot on the same Direct Line
 * stack and adapter with the bot's storage, and with in-memory storage. Most conversations ask the
 * knowledge base questions in a closed loop; every `--closure-every`th one runs whole closure
 * dialogs (verify with the code read off the sandbox outbox, accept the terms, file) as long as a
 * closable demo account is free, and asks questions while none is. Reported per target: turns per
 * second, p50/p95/p99 from a POST leaving to the first reply on the stream, errors, the CPU per
 * turn and the heap per conversation, connected (stream open) and idle (stream closed, state kept);
 * then the bot's ratios to both floors. BENCH_HEAP_SNAPSHOT=dir writes a heap snapshot at every
 * heap reading (see bench/botProcess.ts).
 *
 *   --conversations N   concurrent conversations (200)
 *   --seconds S         timed part per target (15)
 *   --instances 1|2     bot processes; 2 share PostgreSQL (DATABASE_URL) and Redis (REDIS_URL if set)
 *   --alternate         with 2 instances, send every other message to the other instance (needs
 *                       the Redis fan-out for the reply to reach the stream); otherwise sticky
 *   --closure-every K   every Kth conversation runs closures (10; 0 for none)
 *   --only bot|echo     measure just one side
 */
const { values: args } = parseArgs({
  options: {
    conversations: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '15' },
    instances: { type: 'string', default: '1' },
    alternate: { type: 'boolean', default: false },
    'closure-every': { type: 'string', default: '10' },
    only: { type: 'string' },
  },
});
const CONVERSATIONS = Number(args.conversations);
const DURATION_MS = Number(args.seconds) * 1000;
const INSTANCES = Number(args.instances);
const CLOSURE_EVERY = Number(args['closure-every']);

type TargetName = 'bot' | 'echo, bot storage' | 'echo, in-memory';

interface TargetResult {
  name: TargetName;
  turnsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  turns: number;
  errors: number;
  closures: number;
  cpuMsPerTurn: number;
  /** Heap per conversation after one turn with its stream open, once the turn's HTTP keep-alive connection has closed. */
  heapConnectedKb: number;
  /** Heap per conversation after one turn, once its stream has closed and the server has noticed. */
  heapIdleKb: number;
  /** The uncounted rounds were over 55 s old at the idle reading: some of their entries may have expired in between. */
  idleMayReadLow: boolean;
  /** Sockets the processes held beyond those counted when the heap was read (0: every close was noticed in time). */
  socketsLeftOpen: number;
  firstErrors: string[];
}

/** The environment of one target's processes: loopback only, the limits out of the way. */
function targetEnv(dataDir: string, secret: string, database: { url: string; schema: string } | undefined): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DIRECTLINE_SECRET: secret,
    // Both instances must seal verification tokens with the same key.
    STATE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // One client driving every conversation flat out: the per-client and per-conversation limits would measure themselves.
    RATE_LIMIT_PER_MINUTE: '1000000',
    CONVERSATION_MESSAGES_PER_MINUTE: '1000000',
    ...(database ? { DATABASE_URL: database.url, DATABASE_SCHEMA: database.schema } : {}),
    ...(database && process.env['REDIS_URL'] ? { REDIS_URL: process.env['REDIS_URL'] } : {}),
  };
}

/** The closable demo accounts, each used by one closure at a time and filed once until the sandbox is reset. */
class AccountPool {
  private fresh: string[] = [];
  private leased = 0;
  private resetting: Promise<void> | undefined;

  constructor(
    private readonly origin: string,
    private readonly phones: string[],
  ) {
    this.fresh = [...phones];
  }

  /** A phone to close, or undefined while none is free. */
  async lease(): Promise<string | undefined> {
    if (this.fresh.length === 0 && this.leased === 0) await (this.resetting ??= this.reset());
    const phone = this.fresh.shift();
    if (phone) this.leased++;
    return phone;
  }

  release(): void {
    this.leased--;
  }

  /** Every account filed: the sandbox forgets the requests and codes sent, and they are fresh again. */
  private async reset(): Promise<void> {
    const res = await fetch(`${this.origin}/sandbox/reset`, { method: 'POST' });
    if (!res.ok) throw new Error(`POST /sandbox/reset: HTTP ${res.status}`);
    this.fresh = [...this.phones];
    this.resetting = undefined;
  }
}

const hasButton = (title: string) => (replies: BotActivity[]) => replies.some((r) => buttonsOf(r).some((a) => a.title === title));
const says = (part: string) => (replies: BotActivity[]) => replies.some((r) => shownText(r).includes(part));

/** One closure from "我要注销账户" to a filed request, in a conversation of its own; the latencies of its turns. */
async function closure(base: string, secret: string, phone: string, label: string): Promise<number[]> {
  const conversation = await openConversation(base, secret, 'zh-CN', label);
  try {
    const latencies: number[] = [];
    let turn = await conversation.say('我要注销账户', hasButton('继续'));
    latencies.push(turn.latencyMs);
    turn = await conversation.tap(turn.replies, '继续', says('手机号'));
    latencies.push(turn.latencyMs);
    turn = await conversation.say(phone, says(`验证码已发送到 ${maskPhone(phone)}`));
    latencies.push(turn.latencyMs);
    const sms = (await fetchOutbox(base)).find((e) => e.kind === 'code' && e.to === phone);
    const code = sms && codeIn(sms.text);
    if (!code) throw new Error(`no code for ${maskPhone(phone)} in the outbox`);
    turn = await conversation.say(code, hasButton('同意并提交'));
    latencies.push(turn.latencyMs);
    turn = await conversation.tap(turn.replies, '同意并提交', says('注销申请已提交'));
    latencies.push(turn.latencyMs);
    return latencies;
  } finally {
    void conversation.close();
  }
}

async function measure(name: TargetName): Promise<TargetResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-load-bench-'));
  const secret = randomBytes(32).toString('base64url');
  const databaseUrl = process.env['DATABASE_URL'];
  if (INSTANCES > 1 && !databaseUrl) throw new Error('--instances 2 needs DATABASE_URL (PostgreSQL shared by the instances)');
  const schema = INSTANCES > 1 && name !== 'echo, in-memory' && databaseUrl ? await createFreshSchema(databaseUrl, 'bench') : undefined;
  const env = targetEnv(dataDir, secret, schema && databaseUrl ? { url: databaseUrl, schema: schema.schema } : undefined);
  const script = name === 'bot' ? 'src/index.ts' : 'bench/echoServer.ts';
  const instances = name === 'echo, in-memory' ? 1 : INSTANCES;
  const processes: BotProcess[] = [];
  const conversations: BenchConversation[] = [];
  try {
    for (let i = 0; i < instances; i++) {
      processes.push(await startBotProcess({ script, env: { ...env, ...(name === 'echo, in-memory' ? { BENCH_ECHO_STORAGE: 'memory' } : {}) } }));
    }
    const urls = processes.map((p) => p.url);
    // Everything a first turn loads or compiles is loaded before the heap is read, on every instance.
    for (const url of urls) {
      const warm = await openConversation(url, secret, 'zh-CN', 'warm-up');
      for (const question of QUESTIONS) await warm.say(question);
      await warm.close();
    }
    const open = (label: string) =>
      Promise.all(
        Array.from({ length: CONVERSATIONS }, (_, i) => openConversation(urls[i % urls.length]!, secret, i % 2 === 0 ? 'zh-CN' : 'en-US', `${label}${i}`)),
      );
    const oneTurnEach = (list: BenchConversation[]) => Promise.all(list.map((c, i) => c.say(QUESTIONS[i % QUESTIONS.length]!)));
    /** N conversations, one turn each, their streams closed; the heap once the processes hold no more sockets than `sockets`. */
    const leaveIdle = async (label: string, sockets: number) => {
      const list = await open(label);
      await oneTurnEach(list);
      await Promise.all(list.map((c) => c.close()));
      return readHeapOnceClosed(processes, sockets);
    };
    // Two rounds at full size, not counted: what a process compiles or sizes once for N
    // conversations (optimised code, which a single round still left half done, hash tables) is
    // no conversation's own memory.
    const warmedFrom = performance.now();
    for (let round = 0; round < 2; round++) await leaveIdle(`warm${round}-`, (await readHeap(processes)).tcpSockets);
    const base = await readHeap(processes);
    // Idle: the conversation's state is kept, its stream has closed and the server has noticed.
    const idle = await leaveIdle('idle', base.tcpSockets);
    // Entries of the uncounted rounds that expire (60 s rate-limit windows) before this reading would be subtracted from it.
    const idleMayReadLow = performance.now() - warmedFrom > 55_000;
    conversations.push(...(await open('c')));
    // Connected: one untimed turn each, then quiet with the streams open (as an open chat window
    // nobody types in), once the HTTP keep-alive connections of the turns have timed out.
    await oneTurnEach(conversations);
    const connected = await readHeapOnceClosed(processes, idle.tcpSockets + CONVERSATIONS);
    const closing = name === 'bot' && CLOSURE_EVERY > 0;
    const pool = closing
      ? new AccountPool(
          urls[0]!,
          (await fetchDemoAccounts(urls[0]!)).filter((a) => a.scenario === 'closable').map((a) => a.phone),
        )
      : undefined;

    const latencies: number[] = [];
    const errors: string[] = [];
    let closures = 0;
    const cpuBefore = processes.reduce((sum, p) => sum + p.cpuSeconds(), 0);
    const started = performance.now();
    const deadline = started + DURATION_MS;
    const record = async (work: () => Promise<number[]>) => {
      try {
        const measured = await work();
        if (performance.now() <= deadline) latencies.push(...measured);
      } catch (err) {
        errors.push(err instanceof Error ? err.message : String(err));
      }
    };
    await Promise.all(
      conversations.map(async (conversation, i) => {
        for (let n = 1; performance.now() < deadline; n++) {
          const phone = pool && i % CLOSURE_EVERY === 0 ? await pool.lease() : undefined;
          if (phone) {
            const base = urls[(i + n) % urls.length]!;
            await record(async () => {
              try {
                const measured = await closure(base, secret, phone, `c${i}-closure${n}`);
                closures++;
                return measured;
              } finally {
                pool!.release();
              }
            });
            continue;
          }
          await record(async () => {
            const text = QUESTIONS[(i + n) % QUESTIONS.length]!;
            // With --alternate every other message goes to the other instance, as a load balancer without affinity sends it.
            const via = args.alternate ? urls[(i + n) % urls.length] : undefined;
            const turn = await conversation.say(text, undefined, via);
            return [turn.latencyMs];
          });
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = processes.reduce((sum, p) => sum + p.cpuSeconds(), 0) - cpuBefore;
    const summary = summarize(latencies, errors.length, seconds);
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      name,
      turnsPerSecond: summary.perSecond,
      p50: summary.p50Ms,
      p95: sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))] ?? 0,
      p99: summary.p99Ms,
      turns: summary.requests,
      errors: errors.length,
      closures,
      cpuMsPerTurn: summary.requests > 0 ? (cpuSeconds * 1000) / summary.requests : 0,
      heapConnectedKb: (connected.heapUsed - idle.heapUsed) / CONVERSATIONS / 1024,
      heapIdleKb: (idle.heapUsed - base.heapUsed) / CONVERSATIONS / 1024,
      idleMayReadLow,
      socketsLeftOpen: Math.max(0, idle.tcpSockets - base.tcpSockets) + Math.max(0, connected.tcpSockets - idle.tcpSockets - CONVERSATIONS),
      firstErrors: [...new Set(errors)].slice(0, 3),
    };
  } finally {
    for (const conversation of conversations) void conversation.close();
    await Promise.all(processes.map((p) => p.stop()));
    await schema?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function line(r: TargetResult): string {
  const closures = r.closures > 0 ? `, ${r.closures} closures filed` : '';
  return (
    `${r.name.padEnd(18)} ${r.turnsPerSecond.toFixed(0).padStart(6)} turns/s   p50 ${r.p50.toFixed(0).padStart(5)} ms   p95 ${r.p95.toFixed(0).padStart(5)} ms   ` +
    `p99 ${r.p99.toFixed(0).padStart(5)} ms   ${r.errors} errors   CPU ${r.cpuMsPerTurn.toFixed(2)} ms/turn   ` +
    `heap per conversation: ${r.heapConnectedKb.toFixed(1)} KB connected (stream open), ${r.heapIdleKb.toFixed(1)} KB idle (stream closed)` +
    `${r.socketsLeftOpen > 0 ? ` (${r.socketsLeftOpen} sockets not yet closed when read)` : ''}` +
    `${r.idleMayReadLow ? ' (warm-up over 55 s old: the idle figure may read low)' : ''}   ` +
    `(${r.turns} turns${closures})`
  );
}

async function readHeap(processes: BotProcess[]): Promise<HeapReading> {
  const readings = await Promise.all(processes.map((p) => p.readHeap()));
  return { heapUsed: readings.reduce((sum, r) => sum + r.heapUsed, 0), tcpSockets: readings.reduce((sum, r) => sum + r.tcpSockets, 0) };
}

/** The heap once the processes hold at most `sockets` TCP sockets (their clients' closes noticed), or after 10 s at the latest. */
async function readHeapOnceClosed(processes: BotProcess[], sockets: number): Promise<HeapReading> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const reading = await readHeap(processes);
    if (reading.tcpSockets <= sockets || performance.now() > deadline) return reading;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function main(): Promise<void> {
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(
    `\nbench:load: ${CONVERSATIONS} concurrent Direct Line conversations, ${INSTANCES} instance(s)${INSTANCES > 1 ? (args.alternate ? ', turns alternating between them' : ', each conversation on one') : ''}, ` +
      `${DURATION_MS / 1000} s per target, ${os.cpus().length} cores, load average ${load}`,
  );
  if (CLOSURE_EVERY > 0) console.log(`  every ${CLOSURE_EVERY}th conversation runs whole closures (code from the sandbox outbox) while a closable demo account is free`);
  const targets: TargetName[] = args.only === 'bot' ? ['bot'] : args.only === 'echo' ? ['echo, bot storage', 'echo, in-memory'] : ['bot', 'echo, bot storage', 'echo, in-memory'];
  const results: TargetResult[] = [];
  for (const target of targets) {
    const result = await measure(target);
    results.push(result);
    console.log(line(result));
    if (result.firstErrors.length > 0) console.log(`  first errors: ${result.firstErrors.join('; ')}`);
  }
  const bot = results.find((r) => r.name === 'bot');
  for (const floor of results.filter((r) => r.name !== 'bot')) {
    if (!bot) break;
    console.log(
      `bot / ${floor.name}: ${(bot.turnsPerSecond / floor.turnsPerSecond).toFixed(2)}x the throughput, ` +
        `${(bot.cpuMsPerTurn / floor.cpuMsPerTurn).toFixed(2)}x the CPU per turn`,
    );
  }
  console.log(`  load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (other processes on the machine count against every figure)`);
  if (results.some((r) => r.errors > 0)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
