import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { WebSocket } from 'ws';
import { adaptiveCardOf, cardText } from '../support/adaptiveCards';

/** A server process started by a test: where it listens, what it logged, and how to end it. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Every log line so far (pino JSON), as text. */
  logs: string[];
  /** SIGKILL: a crash, nothing flushed or drained. */
  kill(): Promise<void>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/** A free loopback port (for servers that must be told their port up front). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * `tsx <entry>` as one node process (`node --import tsx`, so a SIGKILL kills the server itself,
 * not a wrapper), resolved once a log line matching `listening` gives its URL.
 */
async function startTsx(entry: string, env: Record<string, string>, listening: (line: Record<string, unknown>) => string | undefined): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start within 90 s:\n${logs.join('\n')}`)), 90_000);
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        logs.push(line);
        const found = listening(parseLine(line));
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code}:\n${logs.join('\n')}`));
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { url, child, logs, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}

function parseLine(line: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** `npm run wallet-sandbox` on its own port (faults endpoint on): the one wallet every bot instance of a test talks to. */
export async function startSandboxProcess(dataDir: string): Promise<ServerProcess> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  return startTsx('src/wallet/sandbox/main.ts', { PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: origin, DATA_DIR: dataDir, SANDBOX_FAULTS: '1' }, (line) =>
    line['msg'] === 'sandbox wallet listening' ? origin : undefined,
  );
}

/** `tsx src/index.ts` on a free port with `env`. */
export function startBotProcess(env: Record<string, string>): Promise<ServerProcess> {
  return startTsx('src/index.ts', { PORT: '0', HOST: '127.0.0.1', ...env }, (line) =>
    line['msg'] === 'Wallet Support Bot is listening' && typeof line['url'] === 'string' ? line['url'] : undefined,
  );
}

/** What two instances of one deployment share besides the database and Redis: the Direct Line secret and the state key. */
export function sharedSecrets(): Record<string, string> {
  return { DIRECTLINE_SECRET: randomBytes(24).toString('base64url'), STATE_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
}

/** A Direct Line WebSocket stream as Web Chat holds it: every activity received, with when it arrived. */
export interface StreamClient {
  received: { at: number; activity: Record<string, unknown> }[];
  /** Resolves with the first activity matching `predicate` (already received or arriving within `ms`). */
  until(predicate: (activity: Record<string, unknown>) => boolean, ms?: number): Promise<{ at: number; activity: Record<string, unknown> }>;
  close(): void;
}

export async function openStream(streamUrl: string): Promise<StreamClient> {
  const ws = new WebSocket(streamUrl);
  const received: StreamClient['received'] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data: Buffer) => {
    const text = data.toString('utf8');
    if (!text) return;
    const frame = JSON.parse(text) as { activities?: Record<string, unknown>[] };
    const at = performance.now();
    for (const activity of frame.activities ?? []) received.push({ at, activity });
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    received,
    until: (predicate, ms = 5000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find((r) => predicate(r.activity));
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`not on the stream within ${ms} ms; received: ${received.map((r) => JSON.stringify(r.activity['text'] ?? r.activity['type'])).join(', ')}`));
        }, ms);
        if (!check()) waiters.add(check);
      }),
    close: () => ws.close(),
  };
}

/** The stream URL of an existing conversation, as a client reconnecting to `botUrl` gets it. */
export async function streamUrlAt(botUrl: string, conversationId: string, token: string): Promise<string> {
  const res = await fetch(`${botUrl}/v3/directline/conversations/${encodeURIComponent(conversationId)}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`reconnect: ${res.status}`);
  return ((await res.json()) as { streamUrl: string }).streamUrl;
}

/** A bot message saying `fragment`, in its text or (Web Chat's channel gets cards) in its Adaptive Card. */
export const isBotText = (activity: Record<string, unknown>, fragment: string): boolean => {
  if (activity['type'] !== 'message' || (activity['from'] as { role?: string } | undefined)?.role !== 'bot') return false;
  const card = adaptiveCardOf(activity as Parameters<typeof adaptiveCardOf>[0]);
  return String(activity['text'] ?? '').includes(fragment) || (card !== undefined && cardText(card).includes(fragment));
};

/** A Redis of the test's own (the machine's shared one must never be stopped), without persistence, on `port`. */
export async function startRedisServer(port: number): Promise<{ url: string; kill(): Promise<void> }> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => reject(new Error(`redis-server exited:\n${output}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
