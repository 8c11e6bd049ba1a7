import http from 'node:http';

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  /** A body per request; called with the request number so requests can vary. */
  body?: (n: number) => unknown;
  concurrency: number;
  durationMs: number;
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
 * next, for `durationMs`. Keep-alive connections, loopback only, bounded in time.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const deadline = performance.now() + options.durationMs;
  const started = performance.now();
  const client = async () => {
    while (performance.now() < deadline) {
      const body = options.body ? JSON.stringify(options.body(n++)) : undefined;
      const t0 = performance.now();
      const ok = await request(agent, options.url, options.method ?? 'GET', body);
      latencies.push(performance.now() - t0);
      if (!ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, errors, perSecond: latencies.length / elapsed, p50Ms: at(0.5), p99Ms: at(0.99) };
}

function request(agent: http.Agent, url: string, method: string, body?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.request(url, { method, agent, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve((res.statusCode ?? 500) < 400));
    });
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

export function formatResult(name: string, r: LoadResult): string {
  return `${name.padEnd(34)} ${r.perSecond.toFixed(0).padStart(7)} req/s   p50 ${r.p50Ms.toFixed(2).padStart(7)} ms   p99 ${r.p99Ms.toFixed(2).padStart(7)} ms   (${r.requests} requests, ${r.errors} errors)`;
}
