/** Exponential backoff with full jitter, so retrying clients do not hit the wallet in lock-step. */

export interface BackoffOptions {
  /** Delay ceiling for the first retry, in ms; doubles each retry. */
  baseMs: number;
  /** Upper bound on any single delay, in ms. */
  maxMs: number;
}

/**
 * Delay before retry number `retry` (1 = first retry): "equal jitter", uniform in [c/2, c] where
 * c = min(max, base * 2^(retry-1)), so a retry never fires immediately after a failure.
 */
export function backoffDelay(retry: number, { baseMs, maxMs }: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
