import { AsyncLocalStorage } from 'node:async_hooks';

export interface KeyedQueueOptions {
  /**
   * A task queued from inside a task holding the same key runs at once instead of waiting for
   * itself (a WeChat send from inside a turn of the same user). It costs an AsyncLocalStorage,
   * which on Node 20 slows every `await` in the process, so only queues that nest turn it on.
   */
  reentrant?: boolean;
}

/**
 * Runs tasks one at a time per key (a conversation), in the order they were queued; different keys
 * run concurrently.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly held: AsyncLocalStorage<ReadonlySet<string>> | undefined;

  constructor(options: KeyedQueueOptions = {}) {
    this.held = options.reentrant ? new AsyncLocalStorage<ReadonlySet<string>>() : undefined;
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const held = this.held;
    const holding = held?.getStore();
    if (holding?.has(key)) return task();
    const previous = this.tails.get(key);
    const start = held ? () => held.run(new Set([...(holding ?? []), key]), task) : task;
    const result = (previous ?? Promise.resolve()).then(start);
    const tail = result.then(settled, settled);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves once nothing is queued or running (a graceful shutdown waits for turns in flight). */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  /** Keys with work queued or running (for tests and metrics). */
  get busyKeys(): number {
    return this.tails.size;
  }
}

function settled(): void {}
