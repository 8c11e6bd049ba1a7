import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Runs tasks one at a time per key (a conversation), in the order they were queued; different keys
 * run concurrently. A task queued from inside a task holding the same key runs at once instead of
 * waiting for itself (a proactive send from inside a turn of the same conversation).
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly held = new AsyncLocalStorage<ReadonlySet<string>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const holding = this.held.getStore();
    if (holding?.has(key)) return task();
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(() => this.held.run(new Set([...(holding ?? []), key]), task));
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
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
