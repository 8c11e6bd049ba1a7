import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Redis } from 'ioredis';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseProbe, readinessRoute, redisProbe, type ReadinessProbe } from '../../src/observability/readiness';
import type { DatabaseSchema } from '../../src/storage/schema';
import { startTcpProxy } from '../support/tcpProxy';
import { startTestServer } from '../support/testServer';

const postgresUrl = process.env['DATABASE_URL'];
const redisUrl = process.env['REDIS_URL'];
if (!postgresUrl) console.warn('/readyz over PostgreSQL skipped: DATABASE_URL is not set (.ci/run sets it).');
if (!redisUrl) console.warn('/readyz with Redis up skipped: REDIS_URL is not set (.ci/run sets it).');

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});

/** /readyz alone over `probes`, on a free port; what an orchestrator's probe gets. */
async function readyz(probes: ReadinessProbe[]): Promise<() => Promise<{ status: number; body: { status: string; reason?: string; checks: Record<string, string> } }>> {
  const app = express();
  app.get('/readyz', readinessRoute(probes, { cacheMs: 0, timeoutMs: 1500 }));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => server.close(resolve)));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`;
  return async () => {
    const res = await fetch(url);
    return { status: res.status, body: await res.json() };
  };
}

/** A PostgreSQL handle to a port nothing listens on. */
function unreachablePostgres(): Kysely<DatabaseSchema> {
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/test', max: 1 }) }) });
  cleanup.push(() => db.destroy());
  return db;
}

describe('/readyz', () => {
  it('is 200 on the bot with its SQLite database, next to /healthz', async () => {
    const app = await startTestServer();
    cleanup.push(() => app.close());
    const res = await fetch(`${app.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { database: 'ok' } });
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('is 503 naming the database when PostgreSQL is unreachable', async () => {
    const get = await readyz([databaseProbe({ db: unreachablePostgres() })]);
    const { status, body } = await get();
    expect(status).toBe(503);
    expect(body.status).toBe('unready');
    expect(body.reason).toMatch(/^database: unreachable/);
    expect(body.reason).not.toContain('postgres://');
  });

  it('is 503 naming Redis when Redis is unreachable', async () => {
    const redis = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined);
    cleanup.push(async () => redis.disconnect());
    const get = await readyz([redisProbe(redis)]);
    const { status, body } = await get();
    expect(status).toBe(503);
    expect(body.checks['redis']).toMatch(/^unreachable/);
  });

  it.skipIf(!redisUrl)('is 200 when Redis answers', async () => {
    const redis = new Redis(redisUrl!, { maxRetriesPerRequest: 1 });
    cleanup.push(() => redis.quit());
    const get = await readyz([redisProbe(redis)]);
    expect(await get()).toEqual({ status: 200, body: { status: 'ready', checks: { redis: 'ok' } } });
  });

  it.skipIf(!postgresUrl)('goes 200 -> 503 -> 200 as the bot loses and regains PostgreSQL and Redis, /healthz staying 200', async () => {
    const target = new URL(postgresUrl!);
    const proxy = await startTcpProxy(Number(target.port || 5432));
    const schema = `readyz_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`create schema "${schema}"`);
    cleanup.push(async () => {
      await admin.query(`drop schema "${schema}" cascade`);
      await admin.end();
    });
    const viaProxy = new URL(postgresUrl!);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const app = await startTestServer({ DATABASE_URL: viaProxy.toString(), DATABASE_SCHEMA: schema, ...(redisUrl ? { REDIS_URL: redisUrl } : {}) });
    cleanup.push(() => app.close());

    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect((await ready.json()).checks).toEqual({ database: 'ok', ...(redisUrl ? { redis: 'ok' } : {}) });

    await proxy.close();
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past the cached result
    const down = await fetch(`${app.url}/readyz`);
    expect(down.status).toBe(503);
    expect(((await down.json()) as { reason: string }).reason).toMatch(/database: unreachable/);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  }, 30_000);
});
