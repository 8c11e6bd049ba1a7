import type { ConversationReference } from 'botbuilder';
import { z } from 'zod';
import { localeSchema, type Locale } from '../knowledge/topicSchema';
import type { ChineseScript } from '../nlu/script';
import type { Database } from '../storage/database';
import type { ClosureWatchTable } from '../storage/schema';
import { ClosureStatus, OPEN_CLOSURE_STATUSES } from '../wallet/schemas';

/** A closure request the bot filed, and where to tell its person what became of it. */
export interface ClosureWatch {
  requestId: string;
  channel: string;
  reference: Partial<ConversationReference>;
  locale: Locale;
  script: ChineseScript;
  lastStatus: ClosureStatus;
}

/** How far along each status is: a notice only ever moves a request forward (a late webhook for an older state is ignored). */
const STAGE: Record<ClosureStatus, number> = {
  pending_email_confirmation: 0,
  processing: 1,
  completed: 2,
  cancelled: 2,
  rejected: 2,
};

const scriptSchema = z.enum(['simplified', 'traditional']);
const referenceSchema = z.record(z.string(), z.unknown());

/** The filed requests (closure_watch) and the notices claimed for them (closure_notice), in the bot's database. */
export class ClosureWatchStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  /** Starts watching a request just filed; a replayed filing (same request id) keeps the first conversation. */
  async watch(watch: Omit<ClosureWatch, 'lastStatus'>): Promise<void> {
    const at = this.iso();
    await this.db
      .insertInto('closure_watch')
      .values({
        request_id: watch.requestId,
        channel: watch.channel,
        reference: JSON.stringify(watch.reference),
        locale: watch.locale,
        script: watch.script,
        last_status: 'pending_email_confirmation',
        created_at: at,
        updated_at: at,
      })
      .onConflict((oc) => oc.column('request_id').doNothing())
      .execute();
  }

  async get(requestId: string): Promise<ClosureWatch | undefined> {
    const row = await this.db.selectFrom('closure_watch').selectAll().where('request_id', '=', requestId).executeTakeFirst();
    return row ? toWatch(row) : undefined;
  }

  /** Requests still open as far as the bot knows, a page at a time by request id (after `after`): what the poller asks the wallet about. */
  async open(limit: number, after?: string): Promise<ClosureWatch[]> {
    let query = this.db.selectFrom('closure_watch').selectAll().where('last_status', 'in', OPEN_CLOSURE_STATUSES);
    if (after !== undefined) query = query.where('request_id', '>', after);
    const rows = await query.orderBy('request_id').limit(limit).execute();
    return rows.map(toWatch);
  }

  /**
   * Records that the request reached `status`, only ever forward; with `announce`, claims its notice.
   * True for exactly one caller per request and status, across instances: the forward-only update
   * lets one writer through (the database serialises writers to the row), and the notice's primary
   * key is the claim.
   */
  async advance(requestId: string, status: ClosureStatus, announce: boolean): Promise<boolean> {
    const earlier = ClosureStatus.options.filter((s) => STAGE[s] < STAGE[status]);
    if (earlier.length === 0) return false;
    const at = this.iso();
    return this.db.transaction().execute(async (trx) => {
      const moved = await trx
        .updateTable('closure_watch')
        .set({ last_status: status, updated_at: at })
        .where('request_id', '=', requestId)
        .where('last_status', 'in', earlier)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1 || !announce) return false;
      const claimed = await trx
        .insertInto('closure_notice')
        .values({ request_id: requestId, status, claimed_at: at })
        .onConflict((oc) => oc.columns(['request_id', 'status']).doNothing())
        .executeTakeFirst();
      return Number(claimed.numInsertedOrUpdatedRows ?? 0) === 1;
    });
  }

  /**
   * Notices claimed at least `olderThanMs` ago and never sent (their delivery failed, or the
   * instance died before it), with fewer than `maxAttempts` tries: each one re-claimed for this
   * caller alone, by moving its claim time on from the value read.
   */
  async reclaimUnsent(olderThanMs: number, maxAttempts: number): Promise<{ watch: ClosureWatch; status: ClosureStatus }[]> {
    const before = new Date(this.now() - olderThanMs).toISOString();
    const stale = await this.db
      .selectFrom('closure_notice')
      .innerJoin('closure_watch', 'closure_watch.request_id', 'closure_notice.request_id')
      .selectAll('closure_watch')
      .select(['closure_notice.status as notice_status', 'closure_notice.claimed_at as notice_claimed_at', 'closure_notice.attempts as notice_attempts'])
      .where('closure_notice.sent_at', 'is', null)
      .where('closure_notice.claimed_at', '<', before)
      .where('closure_notice.attempts', '<', maxAttempts)
      .execute();
    const reclaimed: { watch: ClosureWatch; status: ClosureStatus }[] = [];
    for (const row of stale) {
      const taken = await this.db
        .updateTable('closure_notice')
        .set({ claimed_at: this.iso(), attempts: Number(row.notice_attempts) + 1 })
        .where('request_id', '=', row.request_id)
        .where('status', '=', row.notice_status)
        .where('claimed_at', '=', row.notice_claimed_at)
        .where('sent_at', 'is', null)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) === 1) reclaimed.push({ watch: toWatch(row), status: ClosureStatus.parse(row.notice_status) });
    }
    return reclaimed;
  }

  async markSent(requestId: string, status: ClosureStatus): Promise<void> {
    await this.db.updateTable('closure_notice').set({ sent_at: this.iso() }).where('request_id', '=', requestId).where('status', '=', status).execute();
  }

  /** The notices claimed for a request, in the order they were claimed (tests, support). */
  async notices(requestId: string): Promise<{ status: ClosureStatus; sent: boolean }[]> {
    const rows = await this.db.selectFrom('closure_notice').selectAll().where('request_id', '=', requestId).orderBy('claimed_at').execute();
    return rows.map((r) => ({ status: ClosureStatus.parse(r.status), sent: r.sent_at !== null }));
  }
}

function toWatch(row: ClosureWatchTable): ClosureWatch {
  return {
    requestId: row.request_id,
    channel: row.channel,
    reference: referenceSchema.parse(JSON.parse(row.reference)) as Partial<ConversationReference>,
    locale: localeSchema.parse(row.locale),
    script: scriptSchema.parse(row.script),
    lastStatus: ClosureStatus.parse(row.last_status),
  };
}
