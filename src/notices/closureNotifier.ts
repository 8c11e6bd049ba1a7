import { isNoticeStatus, statusNotice, type NoticeStatus } from '../../dialogs/closure/statusNotice';
import type { Deliveries } from '../channels/delivery';
import type { Logger } from '../observability/logger';
import type { ClosureStatus } from '../wallet/schemas';
import type { ClosureWatch, ClosureWatchStore } from './closureWatchStore';
import { closureReportsCounter } from './noticeMetrics';

/** A failed notice is tried again after this long, at most this many times in all. */
const RETRY_AFTER_MS = 60_000;
const MAX_ATTEMPTS = 5;

/** What became of one report of a request's status. */
export type ObserveOutcome = 'sent' | 'not-sent' | 'recorded' | 'unchanged' | 'not-ours';

/**
 * Tells a person, unprompted, when a closure request they filed through the bot moves on: on the
 * channel and in the conversation they filed it in, through that channel's delivery. The webhook
 * and the poller both report here; whichever reports a change first claims its notice, so it is
 * sent once.
 */
export class ClosureNotifier {
  constructor(
    private readonly store: ClosureWatchStore,
    private readonly deliveries: Deliveries,
    private readonly logger: Logger,
  ) {}

  /** The wallet says (through `source`) that `requestId` is now `status`. */
  async observe(requestId: string, status: ClosureStatus, source: 'webhook' | 'poll'): Promise<ObserveOutcome> {
    const outcome = await this.handle(requestId, status);
    closureReportsCounter.inc({ source, outcome });
    return outcome;
  }

  private async handle(requestId: string, status: ClosureStatus): Promise<ObserveOutcome> {
    const watch = await this.store.get(requestId);
    // Requests filed elsewhere (the wallet's app) have no conversation here to tell.
    if (!watch) return 'not-ours';
    const announce = isNoticeStatus(status);
    if (!(await this.store.advance(requestId, status, announce))) return 'unchanged';
    if (!isNoticeStatus(status)) return 'recorded';
    return this.deliver(watch, status);
  }

  /** Notices whose delivery failed a while ago, tried again (the poller calls this every round). */
  async retryUnsent(): Promise<void> {
    for (const { watch, status } of await this.store.reclaimUnsent(RETRY_AFTER_MS, MAX_ATTEMPTS)) {
      if (isNoticeStatus(status)) closureReportsCounter.inc({ source: 'retry', outcome: await this.deliver(watch, status) });
    }
  }

  private async deliver(watch: ClosureWatch, status: NoticeStatus): Promise<'sent' | 'not-sent'> {
    const { requestId } = watch;
    const notice = statusNotice({ requestId, status, locale: watch.locale, script: watch.script, channelId: watch.channel });
    try {
      await this.deliveries.send(watch.reference, [notice]);
    } catch (err) {
      // Claimed, so no other instance sends it now; the poller tries again later.
      this.logger.error({ requestId, status, channel: watch.channel, reason: err instanceof Error ? err.message : String(err) }, 'closure notice not delivered');
      return 'not-sent';
    }
    await this.store.markSent(requestId, status);
    this.logger.info({ requestId, status, channel: watch.channel }, 'closure notice sent');
    return 'sent';
  }
}
