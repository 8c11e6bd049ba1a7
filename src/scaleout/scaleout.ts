import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../observability/logger';
import { Fanout } from './fanout';
import { OnceClaims } from './onceClaims';
import { RedisLink } from './redisLink';
import { TurnLock } from './turnLock';

/** What lets several instances act as one: Redis when REDIS_URL is set, this process alone otherwise. */
export interface Scaleout {
  /** Redis, when REDIS_URL is set (it may be away at any moment; every user falls back on its own). */
  link?: RedisLink;
  fanout: Fanout;
  /** One turn at a time per conversation, on every channel. */
  turns: TurnLock;
  /** Things that may be used once across instances (a Direct Line stream URL). */
  once: OnceClaims;
  close(): Promise<void>;
}

/** Instances share Redis names exactly when they share a database: the namespace is named after it. */
export function deploymentNamespace(config: Pick<Config, 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'dataDir'>): string {
  const database = config.DATABASE_URL ? `${config.DATABASE_URL}#${config.DATABASE_SCHEMA ?? ''}` : path.join(config.dataDir, 'bot.sqlite');
  return `wallet-bot:${createHash('sha256').update(database).digest('hex').slice(0, 16)}`;
}

/** Connects to Redis (waiting briefly: an instance whose Redis is down starts alone and joins later). */
export async function createScaleout(config: Pick<Config, 'REDIS_URL' | 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'dataDir'>, logger: Logger): Promise<Scaleout> {
  const link = config.REDIS_URL ? new RedisLink(config.REDIS_URL, deploymentNamespace(config), logger) : undefined;
  await link?.ready();
  return {
    ...(link ? { link } : {}),
    fanout: new Fanout(link, logger),
    turns: new TurnLock(link, logger),
    once: new OnceClaims(link),
    close: async () => {
      await link?.close();
    },
  };
}

