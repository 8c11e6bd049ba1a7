import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { sql, type Selectable } from 'kysely';
import type { Database } from '../../storage/database';
import type { DirectLineConversationTable } from '../../storage/schema';
import type { SqliteStatementCache } from '../../storage/statementCache';
import { activityId, type Watermark } from './watermark';

export interface DirectLineConversation {
  id: string;
  userId: string;
  userName?: string;
  locale?: string;
  lastSeq: number;
  sensitiveNext: boolean;
  /** A tap whose turn had not finished (see markTurnPending). */
  pendingTurn?: { seq: number; since: string };
}

export interface StoredActivity {
  seq: number;
  /** The activity exactly as clients receive it (JSON object, id included). */
  activity: Record<string, unknown>;
  /** `activity` as the JSON text kept in the database, so a stream sends it without serialising it again. */
  json: string;
}

/** Largest page a poll or a stream catch-up reads at once; the client comes back for the rest. */
export const PAGE_SIZE = 200;

/**
 * Direct Line conversations and their activities in the bot's database (SQLite or PostgreSQL), so
 * a reconnect, a poll from another instance or a restart sees every activity in order.
 */
export class ConversationStore {
  /** SQLite: the append as one synchronous transaction (no awaits between BEGIN and COMMIT). */
  private readonly appendNow: ((conversationId: string, activity: Record<string, unknown>) => StoredActivity) | undefined;

  constructor(
    private readonly db: Database,
    private readonly sqlite?: SqliteStatementCache,
  ) {
    this.appendNow = sqlite ? synchronousAppend(sqlite) : undefined;
  }

  /** Creates the conversation; false when it already existed (two starts racing, or a second start). */
  async create(conversation: { id: string; userId: string; userName?: string; locale?: string }): Promise<boolean> {
    const now = new Date().toISOString();
    const result = await this.db
      .insertInto('directline_conversation')
      .values({
        id: conversation.id,
        user_id: conversation.userId,
        user_name: conversation.userName ?? null,
        locale: conversation.locale ?? null,
        last_seq: 0,
        sensitive_next: 0,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** Read on every message: on SQLite with a statement prepared once (no query building). */
  async get(id: string): Promise<DirectLineConversation | undefined> {
    const direct = this.sqlite && !this.sqlite.sqlite.inTransaction ? this.sqlite : undefined;
    const row = direct
      ? (direct.prepare(SQLITE_GET).get(id) as Selectable<DirectLineConversationTable> | undefined)
      : await this.db.selectFrom('directline_conversation').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      userId: row.user_id,
      ...(row.user_name !== null ? { userName: row.user_name } : {}),
      ...(row.locale !== null ? { locale: row.locale } : {}),
      lastSeq: Number(row.last_seq),
      sensitiveNext: Number(row.sensitive_next) === 1,
      ...(row.pending_turn_seq !== null && row.pending_since !== null ? { pendingTurn: { seq: Number(row.pending_turn_seq), since: row.pending_since } } : {}),
    };
  }

  /** Notes that the turn of activity `seq` is running, so a crash under it can be resumed. */
  async markTurnPending(id: string, seq: number): Promise<void> {
    await this.db
      .updateTable('directline_conversation')
      .set({ pending_turn_seq: seq, pending_since: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
  }

  /** The turn of `seq` has ended (a later pending one is left alone). */
  async clearTurnPending(id: string, seq: number): Promise<void> {
    await this.db
      .updateTable('directline_conversation')
      .set({ pending_turn_seq: null, pending_since: null })
      .where('id', '=', id)
      .where('pending_turn_seq', '=', seq)
      .execute();
  }

  /** Conversations with a turn marked pending, oldest first. */
  async listPendingTurns(limit = 100): Promise<string[]> {
    const rows = await this.db
      .selectFrom('directline_conversation')
      .select('id')
      .where('pending_turn_seq', 'is not', null)
      .orderBy('pending_since', 'asc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Records a newer conversation token's expiry (epoch seconds); an older one never shortens it. */
  async extendTokenExpiry(id: string, exp: number): Promise<void> {
    await this.db
      .updateTable('directline_conversation')
      .set({ token_expires_at: exp })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('token_expires_at', 'is', null), eb('token_expires_at', '<', exp)]))
      .execute();
  }

  /** Expiry (epoch seconds) of the conversation's newest token, if any was issued. */
  async tokenExpiry(id: string): Promise<number | undefined> {
    const row = await this.db.selectFrom('directline_conversation').select('token_expires_at').where('id', '=', id).executeTakeFirst();
    return row?.token_expires_at === null || row?.token_expires_at === undefined ? undefined : Number(row.token_expires_at);
  }

  async setLocale(id: string, locale: string): Promise<void> {
    await this.db.updateTable('directline_conversation').set({ locale }).where('id', '=', id).execute();
  }

  async setSensitiveNext(id: string, sensitive: boolean): Promise<void> {
    await this.db
      .updateTable('directline_conversation')
      .set({ sensitive_next: sensitive ? 1 : 0 })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Appends one activity with the next sequence number, its server id (`<conversation>|0000042`)
   * set. The counter bump and the insert share a transaction: on PostgreSQL one statement, whose
   * row lock makes a second instance wait, so activities become visible in watermark order and a
   * poller can never skip one. On SQLite (one instance) both run in one synchronous transaction.
   */
  async append(conversationId: string, activity: Record<string, unknown>): Promise<StoredActivity> {
    const appendNow = this.appendNow;
    if (appendNow) {
      // A Kysely transaction still open on the shared connection would take this write in (and
      // could roll it back): then wait for the connection as Kysely's own queries do.
      if (!this.sqlite?.sqlite.inTransaction) return appendNow(conversationId, activity);
      return this.db.connection().execute(async () => appendNow(conversationId, activity));
    }
    const now = new Date().toISOString();
    // The id needs the number the bump gives: the body goes with a placeholder the statement replaces.
    const body = JSON.stringify({ ...activity, id: ID_PLACEHOLDER });
    const idPrefix = JSON.stringify(`${conversationId}|`).slice(0, -1);
    const { rows } = await sql<{ seq: number | string }>`
      with bumped as (
        update "directline_conversation" set "last_seq" = "last_seq" + 1, "updated_at" = ${now} where "id" = ${conversationId} returning "last_seq"
      )
      insert into "directline_activity" ("conversation_id", "seq", "type", "body", "created_at")
      select ${conversationId}, "last_seq", ${activityType(activity)},
        replace(${body}, ${JSON.stringify(ID_PLACEHOLDER)}, ${idPrefix} || lpad("last_seq"::text, greatest(7, length("last_seq"::text)), '0') || '"'), ${now}
      from bumped
      returning "seq"`.execute(this.db);
    const row = rows[0];
    if (!row) throw missingConversation(conversationId);
    const seq = Number(row.seq);
    const id = activityId(conversationId, seq);
    // What the statement stored: the body with the placeholder replaced by the id.
    return { seq, activity: { ...activity, id }, json: body.replace(JSON.stringify(ID_PLACEHOLDER), JSON.stringify(id)) };
  }

  /**
   * Retention: deletes activities kept since before `cutoff`, and conversations idle since then (a
   * token still naming one starts it afresh). Returns how many activities went.
   */
  async deleteOlderThan(cutoff: Date): Promise<number> {
    const before = cutoff.toISOString();
    const removed = await this.db.deleteFrom('directline_activity').where('created_at', '<', before).executeTakeFirst();
    await this.db.deleteFrom('directline_conversation').where('updated_at', '<', before).execute();
    return Number(removed.numDeletedRows);
  }

  /** Activities after `watermark`, oldest first, at most `limit`. */
  async listAfter(conversationId: string, watermark: Watermark, limit = PAGE_SIZE): Promise<StoredActivity[]> {
    const rows = await this.db
      .selectFrom('directline_activity')
      .select(['seq', 'body'])
      .where('conversation_id', '=', conversationId)
      .where('seq', '>', watermark)
      .orderBy('seq', 'asc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ seq: Number(r.seq), activity: JSON.parse(r.body) as Record<string, unknown>, json: r.body }));
  }
}

function activityType(activity: Record<string, unknown>): string {
  return typeof activity['type'] === 'string' ? activity['type'] : 'message';
}

function missingConversation(conversationId: string): Error {
  return new Error(`Direct Line conversation ${conversationId} does not exist`);
}

// The statement Kysely builds for get(); a Kysely transaction open on the connection makes get() use Kysely, which waits for it.
const SQLITE_GET = 'select * from "directline_conversation" where "id" = ?';

/** Stands for the server id in the JSON sent to PostgreSQL: random, so no text a client sends can contain it. */
const ID_PLACEHOLDER = `activity-id-${randomUUID()}`;

/** The SQLite append: bump and insert with statements prepared once, inside one transaction. */
function synchronousAppend(cache: SqliteStatementCache): (conversationId: string, activity: Record<string, unknown>) => StoredActivity {
  const bump: Statement<[string, string], { last_seq: number }> = cache.sqlite.prepare(
    'update "directline_conversation" set "last_seq" = "last_seq" + 1, "updated_at" = ? where "id" = ? returning "last_seq"',
  );
  const insert: Statement<[string, number, string, string, string]> = cache.sqlite.prepare(
    'insert into "directline_activity" ("conversation_id", "seq", "type", "body", "created_at") values (?, ?, ?, ?, ?)',
  );
  return cache.sqlite.transaction((conversationId: string, activity: Record<string, unknown>): StoredActivity => {
    const now = new Date().toISOString();
    const bumped = bump.get(now, conversationId);
    if (!bumped) throw missingConversation(conversationId);
    const seq = Number(bumped.last_seq);
    const stored = { ...activity, id: activityId(conversationId, seq) };
    const json = JSON.stringify(stored);
    insert.run(conversationId, seq, activityType(stored), json, now);
    return { seq, activity: stored, json };
  });
}
