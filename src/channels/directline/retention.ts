import type { Logger } from '../../observability/logger';
import type { ConversationStore } from './conversationStore';

/** How often old activities are looked for; the first sweep runs at start-up. */
const SWEEP_EVERY_MS = 60 * 60_000;

/**
 * Deletes Direct Line activities (and idle conversations) older than ACTIVITY_RETENTION_DAYS, at
 * start-up and then hourly. Returns the function that stops it.
 */
export function startActivityRetention(store: ConversationStore, retentionDays: number, logger: Logger, now: () => number = Date.now): () => void {
  const sweep = () => {
    const cutoff = new Date(now() - retentionDays * 86_400_000);
    store
      .deleteOlderThan(cutoff)
      .then((removed) => {
        if (removed > 0) logger.info({ removed, retentionDays }, 'directline: deleted activities past retention');
      })
      .catch((err: unknown) => logger.warn({ reason: err instanceof Error ? err.message : String(err) }, 'directline: retention sweep failed'));
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
