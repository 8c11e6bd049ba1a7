import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * The deployment files cannot be run here (no Docker daemon in CI); what must hold of them is
 * checked as text: two bot instances on one PostgreSQL and Redis behind nginx, streams upgraded,
 * an image that is multi-stage, production-only, not root, and health-checked.
 */
const serviceSchema = z.object({
  image: z.string().optional(),
  build: z.unknown().optional(),
  command: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.string()).optional(),
  depends_on: z.unknown().optional(),
  healthcheck: z.object({ test: z.array(z.string()) }).optional(),
  ports: z.array(z.string()).optional(),
  volumes: z.array(z.string()).optional(),
});
const composeSchema = z.object({ services: z.record(z.string(), serviceSchema.passthrough()) });

const compose = composeSchema.parse(parse(fs.readFileSync('compose.yaml', 'utf8'), { merge: true }));
const nginx = fs.readFileSync('deploy/nginx.conf', 'utf8');
const dockerfile = fs.readFileSync('Dockerfile', 'utf8');

describe('compose.yaml', () => {
  const bots = Object.entries(compose.services).filter(([name]) => name.startsWith('bot-'));

  it('runs two bot instances of the image, in production, sharing PostgreSQL, Redis and their secrets', () => {
    expect(bots.map(([name]) => name)).toEqual(['bot-1', 'bot-2']);
    const [first, second] = bots.map(([, service]) => service.environment ?? {});
    expect(first).toEqual(second);
    expect(first).toMatchObject({ NODE_ENV: 'production', REDIS_URL: 'redis://redis:6379' });
    expect(first!['DATABASE_URL']).toMatch(/^postgres:\/\/wallet:.*@postgres:5432\/wallet$/);
    expect(first!['DIRECTLINE_SECRET']).toMatch(/^\$\{DIRECTLINE_SECRET:\?/);
    expect(first!['STATE_ENCRYPTION_KEY']).toMatch(/^\$\{STATE_ENCRYPTION_KEY:\?/);
    for (const [, service] of bots) expect(service.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
  });

  it('has PostgreSQL and Redis with health checks, and nginx as the only way in', () => {
    expect(compose.services['postgres']?.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(compose.services['redis']?.healthcheck?.test).toContain('ping');
    expect(compose.services['nginx']?.ports).toEqual(['${HTTP_PORT:-8080}:8080']);
    for (const [, service] of bots) expect(service.ports).toBeUndefined();
  });
});

describe('deploy/nginx.conf', () => {
  it('balances over both instances and upgrades the Direct Line WebSocket stream', () => {
    expect(nginx).toMatch(/server bot-1:3978/);
    expect(nginx).toMatch(/server bot-2:3978/);
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(nginx).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(nginx).toMatch(/proxy_http_version 1\.1;/);
    expect(nginx).toMatch(/X-Forwarded-For \$proxy_add_x_forwarded_for/);
    expect(nginx).not.toMatch(/non_idempotent/);
  });
});

describe('Dockerfile', () => {
  it('builds in stages, installs production dependencies only, runs as a non-root user with a health check', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production/m);
  });

  it('starts with what --omit=dev keeps: tsx is a production dependency', () => {
    const pkg = z.object({ dependencies: z.record(z.string(), z.string()) }).parse(JSON.parse(fs.readFileSync('package.json', 'utf8')));
    expect(dockerfile).toMatch(/CMD \["node", "--import", "tsx", "src\/index\.ts"\]/);
    expect(pkg.dependencies['tsx']).toBeDefined();
  });
});
