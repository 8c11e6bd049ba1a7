import type { Logger } from '../observability/logger';
import type { WalletClient } from '../wallet/client';
import { WalletClosureRequestNotFoundError } from '../wallet/errors';
import type { ClosureNotifier } from './closureNotifier';
import type { ClosureWatchStore } from './closureWatchStore';

/** Requests read from the database at a time; a round goes through every page. */
const PAGE = 100;

/**
 * Asks the wallet, every interval, where the open requests the bot filed stand, so a webhook that
 * never arrived still brings its notice (late by one interval at most). Uses the wallet's
 * server-to-server status call: the bot keeps no person's verification for this.
 */
export class ClosurePoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: ClosureWatchStore,
    private readonly wallet: WalletClient,
    private readonly notifier: ClosureNotifier,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.pollOnce(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a round under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One round; a round still running is joined rather than doubled. */
  pollOnce(): Promise<void> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<void> {
    try {
      await this.notifier.retryUnsent();
    } catch (err) {
      this.logger.error({ reason: err instanceof Error ? err.message : String(err) }, 'closure poll: retrying failed notices failed');
    }
    let after: string | undefined;
    for (;;) {
      let page;
      try {
        page = await this.store.open(PAGE, after);
      } catch (err) {
        this.logger.error({ reason: err instanceof Error ? err.message : String(err) }, 'closure poll: reading filed requests failed');
        return;
      }
      for (const watch of page) await this.check(watch.requestId);
      if (page.length < PAGE) return;
      after = page.at(-1)!.requestId;
    }
  }

  private async check(requestId: string): Promise<void> {
    try {
      const state = await this.wallet.getClosureRequestState(requestId);
      await this.notifier.observe(requestId, state.status, 'poll');
    } catch (err) {
      const reason = err instanceof WalletClosureRequestNotFoundError ? 'unknown to the wallet' : err instanceof Error ? err.message : String(err);
      this.logger.warn({ requestId, reason }, 'closure poll: status not read');
    }
  }
}
