import type { RequestHandler } from 'express';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../storage/database';

/** One dependency an instance cannot serve without. */
export interface ReadinessProbe {
  name: string;
  /** Resolves when the dependency answers; rejects (or outlasts the timeout) when it does not. */
  check(): Promise<void>;
}

export interface ReadinessOptions {
  /** A probe slower than this counts as unreachable. */
  timeoutMs?: number;
  /** Results are reused this long, so a flood of /readyz costs the database one query a second at most. */
  cacheMs?: number;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, 'ok' | string>;
}

export function databaseProbe(database: Pick<DatabaseHandle, 'db'>): ReadinessProbe {
  return {
    name: 'database',
    check: async () => {
      await sql`select 1`.execute(database.db);
    },
  };
}

export function redisProbe(redis: { ping(): Promise<unknown> }): ReadinessProbe {
  return {
    name: 'redis',
    check: async () => {
      await redis.ping();
    },
  };
}

/**
 * GET /readyz for orchestrators and load balancers: 200 while every probe answers, else 503 naming
 * what is unreachable, so traffic goes to another instance. /healthz (live) stays 200 meanwhile: a
 * database outage is no reason to restart the process.
 */
export function readinessRoute(probes: ReadinessProbe[], options: ReadinessOptions = {}): RequestHandler {
  const timeoutMs = options.timeoutMs ?? 2000;
  const cacheMs = options.cacheMs ?? 1000;
  let cached: { at: number; result: Promise<Readiness> } | undefined;
  const current = (): Promise<Readiness> => {
    const now = Date.now();
    if (!cached || now - cached.at >= cacheMs) cached = { at: now, result: runProbes(probes, timeoutMs) };
    return cached.result;
  };
  return async (_req, res) => {
    const { ready, checks } = await current();
    const unreachable = Object.entries(checks).filter(([, state]) => state !== 'ok');
    res
      .status(ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(ready ? { status: 'ready', checks } : { status: 'unready', reason: unreachable.map(([name, why]) => `${name}: ${why}`).join('; '), checks });
  };
}

async function runProbes(probes: ReadinessProbe[], timeoutMs: number): Promise<Readiness> {
  const results = await Promise.all(probes.map(async (probe) => [probe.name, await outcome(probe, timeoutMs)] as const));
  return { ready: results.every(([, state]) => state === 'ok'), checks: Object.fromEntries(results) };
}

/** 'ok', or why not in a few words (an error code, never a connection string). */
async function outcome(probe: ReadinessProbe, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`unreachable (no answer within ${timeoutMs} ms)`), timeoutMs);
  });
  const checked = probe.check().then(
    () => 'ok',
    (err: unknown) => `unreachable (${errorCode(err)})`,
  );
  try {
    return await Promise.race([checked, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function errorCode(err: unknown): string {
  if (err && typeof err === 'object') {
    const { code } = err as { code?: unknown };
    if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
    const nested = (err as { errors?: unknown[] }).errors?.[0];
    if (nested) return errorCode(nested);
  }
  return 'error';
}
