import type BetterSqlite3 from 'better-sqlite3';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult, SqliteDatabase } from 'kysely';
import type pg from 'pg';
import { RecentCache } from '../knowledge/recentCache';

/**
 * Distinct statements kept per database: every query the bot makes has a fixed text except `in
 * (?, ?, …)` lists, whose rare lengths are the ones dropped (the least recently used go first).
 */
export const MAX_CACHED_STATEMENTS = 256;

/**
 * The SQLite connection Kysely runs on, with each statement prepared once and reused: preparing
 * cost as much as executing on the bot's hot path. Also the raw handle for the few writes that run
 * as one synchronous transaction (the Direct Line append).
 */
export class SqliteStatementCache implements SqliteDatabase {
  private readonly statements = new RecentCache<BetterSqlite3.Statement>(MAX_CACHED_STATEMENTS);

  constructor(readonly sqlite: BetterSqlite3.Database) {}

  prepare(sql: string): BetterSqlite3.Statement {
    const cached = this.statements.get(sql);
    if (cached) return cached;
    const statement = this.sqlite.prepare(sql);
    this.statements.set(sql, statement);
    return statement;
  }

  /** Statements prepared and kept (for tests). */
  get size(): number {
    return this.statements.size;
  }

  close(): void {
    this.statements.clear();
    this.sqlite.close();
  }
}

/** Only data statements are prepared by name; DDL and transaction control go as plain queries. */
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

/**
 * A PostgreSQL pool whose clients run each data statement as a named prepared statement: the
 * server parses and plans it once per connection instead of on every query. Names are handed out
 * per distinct text, at most MAX_CACHED_STATEMENTS of them; texts beyond run unnamed.
 */
export function preparedStatementPool(pool: pg.Pool): PostgresPool & { names: ReadonlyMap<string, string> } {
  const names = new Map<string, string>();
  const nameFor = (sql: string): string | undefined => {
    const known = names.get(sql);
    if (known || names.size >= MAX_CACHED_STATEMENTS || !PREPARABLE.test(sql)) return known;
    const name = `wsb_${names.size}`;
    names.set(sql, name);
    return name;
  };
  return {
    names,
    async connect(): Promise<PostgresPoolClient> {
      return new PreparingClient(await pool.connect(), nameFor);
    },
    end: () => pool.end(),
  };
}

/** One pooled connection: named statements for what `nameFor` names, plain queries for the rest. */
class PreparingClient implements PostgresPoolClient {
  constructor(
    private readonly client: pg.PoolClient,
    private readonly nameFor: (sql: string) => string | undefined,
  ) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(sqlOrCursor: string | PostgresCursor<R>, parameters: ReadonlyArray<unknown> = []): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    // The dialect is built without a cursor, so Kysely never streams through here.
    if (typeof sqlOrCursor !== 'string') throw new Error('preparedStatementPool: cursors are not supported');
    const name = this.nameFor(sqlOrCursor);
    const values = [...parameters];
    const result = name ? this.client.query({ name, text: sqlOrCursor, values }) : this.client.query(sqlOrCursor, values);
    return result as unknown as Promise<PostgresQueryResult<R>>;
  }

  release(destroy?: boolean): void {
    this.client.release(destroy);
  }
}
