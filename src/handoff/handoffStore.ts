import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../storage/database';
import type { HandoffCaseTable, HandoffTranscriptTable } from '../storage/schema';
import type { SqliteStatementCache } from '../storage/statementCache';
import { localeSchema } from '../knowledge/topicSchema';
import { OPEN_STATUSES, type CaseStatus, type HandoffCase, type HandoffSummary, type TranscriptLine } from './handoffTypes';
import type { HandoffReason } from '../../dialogs/handoff/handoffOptions';

export interface NewCase {
  conversationKey: string;
  channel: string;
  reference: HandoffCase['reference'];
  locale: HandoffCase['locale'];
  reason: HandoffReason;
  urgent: boolean;
  outsideHours: boolean;
  summary: HandoffSummary;
}

/** The predicate of the unique index on open cases, literally: SQLite matches a conflict target to it as written. */
const OPEN_CASE_INDEX_PREDICATE = sql<boolean>`status in ('waiting', 'claimed')`;

/** Lines kept per conversation for the agent; older ones are dropped. */
const TRANSCRIPT_LINES = 200;
/** Lines appended (by this process, to any conversation) between two trims of the one appended to. */
const TRIM_EVERY = 32;
/**
 * SQLite: lines wait at most this long, or until this many are waiting, to be written together
 * (one commit for many turns instead of one a turn); a read of a transcript writes them first.
 */
const FLUSH_AFTER_MS = 100;
const FLUSH_AT_ROWS = 64;

let lastSeq = 0;
let appends = 0;
/** Microseconds since the epoch, strictly increasing in this process: the order of transcript lines. */
function nextSeq(now: number): number {
  lastSeq = Math.max(lastSeq + 1, now * 1000);
  return lastSeq;
}

/** Cases, transcripts, agent actions and ratings in the bot's database (SQLite or PostgreSQL). */
export class HandoffStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
    /** SQLite: the per-turn statements run directly on the connection (no query building per turn). */
    private readonly sqlite?: SqliteStatementCache,
    /** Told when lines written on the timer could not be (they stay waiting for the next write). */
    private readonly onFlushError: (err: unknown) => void = () => undefined,
  ) {}

  /** SQLite: lines appended and not written yet, and the conversations to trim once they are. */
  private waiting: HandoffTranscriptTable[] = [];
  private toTrim = new Set<string>();
  private flushTimer: NodeJS.Timeout | undefined;

  /** The raw connection, unless a Kysely transaction holds it (then Kysely's queries wait for it). */
  private get directSqlite(): SqliteStatementCache | undefined {
    return this.sqlite && !this.sqlite.sqlite.inTransaction ? this.sqlite : undefined;
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  /** A new waiting case; undefined when the conversation already has an open one. */
  async create(fields: NewCase): Promise<HandoffCase | undefined> {
    const at = this.iso();
    const row: HandoffCaseTable = {
      id: randomUUID(),
      conversation_key: fields.conversationKey,
      channel: fields.channel,
      reference: JSON.stringify(fields.reference),
      locale: fields.locale,
      reason: fields.reason,
      urgent: fields.urgent ? 1 : 0,
      status: 'waiting',
      claimed_by: null,
      outside_hours: fields.outsideHours ? 1 : 0,
      summary: JSON.stringify(fields.summary),
      note: null,
      waiting_since: at,
      updated_at: at,
    };
    const result = await this.db
      .insertInto('handoff_case')
      .values(row)
      .onConflict((oc) => oc.column('conversation_key').where(OPEN_CASE_INDEX_PREDICATE).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1 ? toCase(row) : undefined;
  }

  async get(id: string): Promise<HandoffCase | undefined> {
    const row = await this.db.selectFrom('handoff_case').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toCase(row) : undefined;
  }

  /** The conversation's case that is waiting or held, if any. */
  async openFor(conversationKey: string): Promise<HandoffCase | undefined> {
    const direct = this.directSqlite;
    if (direct) {
      const found = direct.prepare(SQLITE_OPEN_FOR).get(conversationKey, ...OPEN_STATUSES) as HandoffCaseTable | undefined;
      return found ? toCase(found) : undefined;
    }
    const row = await this.db
      .selectFrom('handoff_case')
      .selectAll()
      .where('conversation_key', '=', conversationKey)
      .where('status', 'in', OPEN_STATUSES)
      .executeTakeFirst();
    return row ? toCase(row) : undefined;
  }

  /** Open cases: urgent first, then the longest waiting. */
  async queue(): Promise<HandoffCase[]> {
    const rows = await this.db
      .selectFrom('handoff_case')
      .selectAll()
      .where('status', 'in', OPEN_STATUSES)
      .orderBy('urgent', 'desc')
      .orderBy('waiting_since', 'asc')
      .orderBy('id')
      .execute();
    return rows.map(toCase);
  }

  async makeUrgent(id: string, reason: HandoffReason): Promise<void> {
    await this.db.updateTable('handoff_case').set({ urgent: 1, reason, updated_at: this.iso() }).where('id', '=', id).execute();
  }

  /**
   * Moves the case from one of `from` to `to`, in one statement so that of two agents racing for
   * it exactly one wins. Returns whether this call made the change.
   */
  async transition(
    id: string,
    from: readonly CaseStatus[],
    to: CaseStatus,
    fields: { claimedBy?: string | null; note?: string; requireClaimedBy?: string } = {},
  ): Promise<boolean> {
    let query = this.db
      .updateTable('handoff_case')
      .set({
        status: to,
        updated_at: this.iso(),
        ...(fields.claimedBy !== undefined ? { claimed_by: fields.claimedBy } : {}),
        ...(fields.note !== undefined ? { note: fields.note } : {}),
      })
      .where('id', '=', id)
      .where('status', 'in', from);
    if (fields.requireClaimedBy !== undefined) query = query.where('claimed_by', '=', fields.requireClaimedBy);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async recordAction(caseId: string, agent: string, action: string): Promise<void> {
    await this.db.insertInto('handoff_action').values({ case_id: caseId, agent, action, at: this.iso() }).execute();
  }

  async actions(caseId: string): Promise<{ agent: string; action: string; at: string }[]> {
    return this.db.selectFrom('handoff_action').select(['agent', 'action', 'at']).where('case_id', '=', caseId).orderBy('at').execute();
  }

  /** One rating per case; a second tap changes nothing. Returns whether it was recorded. */
  async rate(caseId: string, agent: string, helpful: boolean): Promise<boolean> {
    const result = await this.db
      .insertInto('handoff_rating')
      .values({ case_id: caseId, agent, helpful: helpful ? 1 : 0, at: this.iso() })
      .onConflict((oc) => oc.column('case_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async ratingsByAgent(): Promise<{ agent: string; helpful: number; notHelpful: number }[]> {
    const rows = await this.db
      .selectFrom('handoff_rating')
      .select(['agent', sql<number>`sum(helpful)`.as('helpful'), sql<number>`sum(1 - helpful)`.as('not_helpful')])
      .groupBy('agent')
      .orderBy('agent')
      .execute();
    return rows.map((r) => ({ agent: r.agent, helpful: Number(r.helpful), notHelpful: Number(r.not_helpful) }));
  }

  /**
   * Appends lines (already masked), in order, and keeps the newest TRANSCRIPT_LINES of the
   * conversation. PostgreSQL: in one statement. SQLite: together with other turns' lines within
   * FLUSH_AFTER_MS (see flush); a transcript read, and closing, writes them first.
   */
  async appendLines(conversationKey: string, lines: readonly TranscriptLine[]): Promise<void> {
    if (lines.length === 0) return;
    const rows = lines.map((line) => ({
      conversation_key: conversationKey,
      seq: nextSeq(this.now()),
      sender: line.sender,
      agent: line.agent ?? null,
      text: line.text,
      at: line.at,
    }));
    // Trimming now and then keeps the cost of an append flat.
    const before = appends;
    appends += rows.length;
    const trim = Math.floor(before / TRIM_EVERY) !== Math.floor(appends / TRIM_EVERY);
    if (this.sqlite) {
      this.waiting.push(...rows);
      if (trim) this.toTrim.add(conversationKey);
      if (this.waiting.length >= FLUSH_AT_ROWS) await this.flush();
      else this.flushTimer ??= setTimeout(() => void this.flush().catch(this.onFlushError), FLUSH_AFTER_MS).unref();
      return;
    }
    await this.db.insertInto('handoff_transcript').values(rows).execute();
    if (trim) await this.trim(conversationKey);
  }

  /** Writes the lines waiting (SQLite), in one transaction, then trims; lines that fail stay waiting. */
  async flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const sqlite = this.sqlite;
    const rows = this.waiting;
    const trims = [...this.toTrim];
    if (!sqlite || (rows.length === 0 && trims.length === 0)) return;
    this.waiting = [];
    this.toTrim.clear();
    try {
      // A Kysely transaction open on the connection would take the lines in: then wait for it as its queries do.
      if (sqlite.sqlite.inTransaction) await this.db.connection().execute(async () => insertTranscriptRows(sqlite, rows));
      else insertTranscriptRows(sqlite, rows);
    } catch (err) {
      // Order comes from seq, so lines put back ahead of newer ones still read in order.
      this.waiting = rows.concat(this.waiting);
      for (const key of trims) this.toTrim.add(key);
      throw err;
    }
    for (const key of trims) await this.trim(key);
  }

  async transcript(conversationKey: string): Promise<TranscriptLine[]> {
    await this.flush();
    const rows = await this.db
      .selectFrom('handoff_transcript')
      .select(['sender', 'agent', 'text', 'at'])
      .where('conversation_key', '=', conversationKey)
      .orderBy('seq', 'desc')
      .limit(TRANSCRIPT_LINES)
      .execute();
    return rows.reverse().map((r) => ({ sender: r.sender as TranscriptLine['sender'], ...(r.agent ? { agent: r.agent } : {}), text: r.text, at: r.at }));
  }

  private async trim(conversationKey: string): Promise<void> {
    const cutoff = await this.db
      .selectFrom('handoff_transcript')
      .select('seq')
      .where('conversation_key', '=', conversationKey)
      .orderBy('seq', 'desc')
      .offset(TRANSCRIPT_LINES)
      .limit(1)
      .executeTakeFirst();
    if (cutoff) await this.db.deleteFrom('handoff_transcript').where('conversation_key', '=', conversationKey).where('seq', '<=', cutoff.seq).execute();
  }
}

// The same statements as the Kysely queries they stand in for, on SQLite's hot path.
const SQLITE_OPEN_FOR = `select * from "handoff_case" where "conversation_key" = ? and "status" in (${OPEN_STATUSES.map(() => '?').join(', ')})`;

const SQLITE_INSERT_LINE = 'insert into "handoff_transcript" ("conversation_key", "seq", "sender", "agent", "text", "at") values (?, ?, ?, ?, ?, ?)';

/** The rows in one synchronous transaction: one commit for every turn whose lines waited. */
function insertTranscriptRows(cache: SqliteStatementCache, rows: readonly HandoffTranscriptTable[]): void {
  const insert = cache.prepare(SQLITE_INSERT_LINE);
  cache.sqlite.transaction(() => {
    for (const r of rows) insert.run(r.conversation_key, r.seq, r.sender, r.agent, r.text, r.at);
  })();
}

function toCase(row: HandoffCaseTable): HandoffCase {
  return {
    id: row.id,
    conversationKey: row.conversation_key,
    channel: row.channel,
    reference: JSON.parse(row.reference) as HandoffCase['reference'],
    locale: localeSchema.parse(row.locale),
    reason: row.reason as HandoffReason,
    urgent: Number(row.urgent) === 1,
    status: row.status as CaseStatus,
    claimedBy: row.claimed_by,
    outsideHours: Number(row.outside_hours) === 1,
    summary: JSON.parse(row.summary) as HandoffSummary,
    note: row.note,
    waitingSince: row.waiting_since,
  };
}
