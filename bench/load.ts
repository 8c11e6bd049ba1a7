import http from 'node:http';

/** What the benchmarks ask: closure questions in both languages, and one the bot cannot answer. */
export const QUESTIONS = [
  '注销后还能恢复吗',
  '销户会影响我的征信吗',
  'how long does closing my account take',
  '余额没清空能注销吗',
  'do I need to unlink my bank card first',
  '确认邮件一直没收到怎么办',
  'what happens to my transaction history',
  '今天天气怎么样',
];

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  /** A body per request; called with the request number so requests can vary. */
  body?: (n: number) => unknown;
  concurrency: number;
  durationMs: number;
  /** Stop after this many requests even before `durationMs`. */
  maxRequests?: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Closed-loop load: `concurrency` clients each send a request, wait for the full response, send the
 * next, for `durationMs` (or `maxRequests`). Keep-alive connections, loopback only, bounded in time.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const deadline = performance.now() + options.durationMs;
  const started = performance.now();
  const client = async () => {
    while (performance.now() < deadline && n < (options.maxRequests ?? Infinity)) {
      const body = options.body ? JSON.stringify(options.body(n++)) : undefined;
      const t0 = performance.now();
      const { status } = await request(agent, options.url, { method: options.method ?? 'GET', ...(body !== undefined ? { body } : {}) });
      latencies.push(performance.now() - t0);
      if (status === 0 || status >= 400) errors++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  agent.destroy();
  return summarize(latencies, errors, (performance.now() - started) / 1000);
}

/** Throughput and latency percentiles of `latencies` (ms), measured over `seconds`. */
export function summarize(latencies: number[], errors: number, seconds: number): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { requests: sorted.length, errors, perSecond: sorted.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** JSON text. */
  body?: string;
}

/** One HTTP request over `agent`; status 0 when the connection failed. */
export function request(agent: http.Agent, url: string, options: RequestOptions = {}): Promise<{ status: number; body: string }> {
  const { method = 'GET', headers = {}, body } = options;
  return new Promise((resolve) => {
    const bodyHeaders = body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {};
    const req = http.request(url, { method, agent, headers: { ...bodyHeaders, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end(body);
  });
}

/** One result line; `units` name what was counted (requests by default, or turns). */
export function formatResult(name: string, r: LoadResult, units = { rate: 'req/s', count: 'requests' }): string {
  return (
    `${name.padEnd(34)} ${r.perSecond.toFixed(0).padStart(7)} ${units.rate}   p50 ${r.p50Ms.toFixed(2).padStart(7)} ms   ` +
    `p99 ${r.p99Ms.toFixed(2).padStart(7)} ms   (${r.requests} ${units.count}, ${r.errors} errors)`
  );
}
