import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../observability/logger';
import { redisConnected } from './scaleoutMetrics';

/** Reconnect attempts back off to this; ioredis keeps trying for as long as the process runs. */
const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * The one Redis connection of an instance (plus the subscriber connection pub/sub needs), shared by
 * the rate limits, the WeChat access token, the turn lock and the fan-out. Commands fail at once
 * while Redis is away (no offline queue), so each user falls back to its in-process behaviour; the
 * link says so in one log line when Redis goes and one when it is back, and reconnects by itself.
 */
export class RedisLink {
  readonly client: Redis;
  private subscriberClient: Redis | undefined;
  /** Whether the last state logged was "up"; undefined before the first connection attempt settles. */
  private loggedUp: boolean | undefined;

  constructor(
    private readonly url: string,
    /** Prefix of every key and channel: instances sharing a database share it, other deployments do not. */
    readonly namespace: string,
    private readonly logger: Logger,
  ) {
    this.client = new Redis(url, { ...baseOptions, enableOfflineQueue: false });
    this.client.on('ready', () => this.changed(true));
    this.client.on('close', () => this.changed(false));
    // The state change is logged once above; ioredis would otherwise report every reconnect attempt.
    this.client.on('error', () => undefined);
  }

  /** Whether commands can go to Redis right now. */
  get available(): boolean {
    return this.client.status === 'ready';
  }

  /** `namespace:part:part`, the name of a key or channel of this deployment. */
  key(...parts: string[]): string {
    return [this.namespace, ...parts].join(':');
  }

  /** The connection in subscriber mode (created on first use); it resubscribes by itself after a reconnect. */
  subscriber(): Redis {
    if (!this.subscriberClient) {
      // A subscription asked for while Redis is away waits for it (then ioredis keeps it across reconnects).
      this.subscriberClient = new Redis(this.url, { ...baseOptions, enableOfflineQueue: true, maxRetriesPerRequest: null });
      this.subscriberClient.on('error', () => undefined);
    }
    return this.subscriberClient;
  }

  /** Resolves once Redis answers, or after `timeoutMs` (the instance then starts alone and joins when Redis does). */
  async ready(timeoutMs = 1000): Promise<void> {
    if (this.available) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.client.once('ready', () => resolve())),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    if (this.loggedUp === undefined && !this.available) this.changed(false);
  }

  async close(): Promise<void> {
    await Promise.all(
      [this.client, this.subscriberClient].map(async (client) => {
        if (!client || client.status === 'end') return;
        await client.quit().catch(() => client.disconnect());
      }),
    );
  }

  private changed(up: boolean): void {
    if (up === this.loggedUp) return;
    // A quit at shutdown is no outage.
    if (!up && this.client.status === 'end') return;
    this.loggedUp = up;
    redisConnected.set(up ? 1 : 0);
    if (up) {
      this.logger.info({ namespace: this.namespace }, 'redis connected: rate limits, turn locks and fan-out are shared between instances');
    } else {
      this.logger.warn(
        'redis unreachable: this instance runs alone (in-process turn locks and rate limits, other instances\' replies by database poll) until it is back',
      );
    }
  }
}

const baseOptions: RedisOptions = {
  lazyConnect: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  retryStrategy: (attempt: number) => Math.min(attempt * 200, MAX_RECONNECT_DELAY_MS),
};
