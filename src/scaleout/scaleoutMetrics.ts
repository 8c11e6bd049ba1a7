import { Counter, Gauge } from 'prom-client';
import { registry } from '../observability/metrics';

/** 1 while this instance's Redis link is up, 0 while it runs alone (absent without REDIS_URL). */
export const redisConnected = new Gauge({
  name: 'bot_redis_connected',
  help: 'Whether the Redis link shared by the instances is up (1) or this instance runs alone (0)',
  registers: [registry],
});

/** How turns got their conversation's lock: across instances, or in this process only (no Redis, or Redis away). */
export const turnLocks = new Counter({
  name: 'bot_turn_locks_total',
  help: 'Turn locks taken, by scope: shared (Redis) or local (this process only)',
  labelNames: ['scope'] as const,
  registers: [registry],
});
