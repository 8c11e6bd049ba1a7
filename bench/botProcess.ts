import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const STARTUP_TIMEOUT_MS = 60_000;
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BotProcess {
  url: string;
  pid: number;
  /** CPU seconds (user + system) the process has used so far. */
  cpuSeconds(): number;
  /** Heap in use after a full GC, in bytes, and the TCP sockets open (the process runs with bench/heapProbe.ts). */
  readHeap(): Promise<HeapReading>;
  stop(): Promise<void>;
}

export interface HeapReading {
  heapUsed: number;
  tcpSockets: number;
}

export interface StartOptions {
  /** The entry point, relative to the project root (src/index.ts, bench/echoServer.ts). */
  script: string;
  /** Environment of the run; PATH, HOME and TMPDIR are added, nothing else of the bench's own. */
  env: Record<string, string>;
}

/**
 * `script` in a child process on a free loopback port, so the clients' work is not counted as the
 * bot's. Resolves once /healthz answers.
 */
export async function startBotProcess(options: StartOptions): Promise<BotProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const heapFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-heap-')), 'heap.json');
  // Only what the run needs: a developer's DATABASE_URL or WALLET_API_URL must not change what is measured.
  const env: NodeJS.ProcessEnv = { ...options.env, PORT: String(port), HOST: '127.0.0.1', BENCH_HEAP_FILE: heapFile };
  for (const name of ['PATH', 'HOME', 'TMPDIR']) if (process.env[name]) env[name] = process.env[name];
  // BENCH_HEAP_SNAPSHOT=dir: a heap snapshot there at every heap reading (see bench/heapProbe.ts).
  const snapshots = process.env['BENCH_HEAP_SNAPSHOT'];
  if (snapshots) env['BENCH_HEAP_SNAPSHOT'] = path.resolve(snapshots);
  // BENCH_CPU_PROF=dir: each process writes a V8 CPU profile there when it exits (open it in Chrome's DevTools).
  const profile = process.env['BENCH_CPU_PROF'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env['BENCH_CPU_PROF'])}`] : [];
  const child = spawn(process.execPath, [...profile, '--expose-gc', '--import', 'tsx', '--import', './bench/heapProbe.ts', options.script], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(path.dirname(heapFile), { recursive: true, force: true });
  };
  try {
    await waitUntilHealthy(url, exited);
  } catch (err) {
    await stop();
    throw err;
  }
  const pid = child.pid ?? 0;
  return {
    url,
    pid,
    cpuSeconds: () => processCpuSeconds(pid),
    readHeap: async () => {
      fs.rmSync(heapFile, { force: true });
      child.kill('SIGUSR2');
      // A heap snapshot of a loaded process takes a while to write.
      const tries = snapshots ? 2400 : 100;
      for (let i = 0; i < tries && !fs.existsSync(heapFile); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      return JSON.parse(fs.readFileSync(heapFile, 'utf8')) as HeapReading;
    },
    stop,
  };
}

/** utime + stime of `pid` from /proc (Linux), in seconds; 0 where /proc is not there. */
function processCpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat(5), counted from the state field (3) here; clock ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

export function freePort(): Promise<number> {
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
