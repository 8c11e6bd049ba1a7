import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations';
import { ensurePrivateFile } from './privateFile';
import type { DatabaseSchema } from './schema';
import { preparedStatementPool, SqliteStatementCache } from './statementCache';
import { FOREGROUND_CHECKPOINT_PAGES, WalCheckpointer } from './walCheckpointer';

export type Database = Kysely<DatabaseSchema>;
export type DatabaseKind = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseKind;
  /** SQLite only: the connection Kysely runs on, for writes that run as one synchronous transaction. */
  sqlite?: SqliteStatementCache;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; SQLite is used when absent. */
  databaseUrl?: string;
  /** PostgreSQL schema to keep the tables in (it must exist); the server's default when absent. */
  schema?: string;
  /** SQLite file, or ':memory:'. */
  sqliteFile?: string;
  /** Told when the background checkpoints stop (SQLite file only; the bot's own connection then checkpoints alone). */
  onCheckpointFailure?: (reason: string) => void;
}

/** Opens the bot's database (SQLite by default, PostgreSQL when a URL is given) and brings its schema up to date. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const handle = options.databaseUrl
    ? openPostgres(options.databaseUrl, options.schema)
    : openSqlite(options.sqliteFile ?? ':memory:', options.onCheckpointFailure);
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => migrations },
    // Parts of the system add their tables independently: a database that already ran a later-named
    // migration still takes an earlier-named one it has not run.
    allowUnorderedMigrations: true,
    ...(options.schema ? { migrationTableSchema: options.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    await handle.close();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration "${failed}" failed: ${String(error)}`);
  }
  return handle;
}

function openSqlite(file: string, onCheckpointFailure: (reason: string) => void = () => undefined): DatabaseHandle {
  const onDisk = file !== ':memory:';
  if (onDisk) ensurePrivateFile(file);
  const sqlite = new BetterSqlite3(file);
  // WAL lets readers proceed during a write; NORMAL sync is durable across process crashes.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  // Checkpoints off the event loop (see walCheckpointer.ts); this connection's own only as a bound.
  const checkpointer = onDisk ? new WalCheckpointer(file, onCheckpointFailure) : undefined;
  if (checkpointer) sqlite.pragma(`wal_autocheckpoint = ${FOREGROUND_CHECKPOINT_PAGES}`);
  const statements = new SqliteStatementCache(sqlite);
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: statements }) });
  const close = async () => {
    await checkpointer?.close();
    await db.destroy();
  };
  return { db, kind: 'sqlite', sqlite: statements, close };
}

function openPostgres(url: string, schema?: string): DatabaseHandle {
  // A database that does not answer fails the query within seconds instead of holding the turn.
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  // A connection that drops (a restart, a network cut) fails the query on it, if any, and is then
  // discarded by the pool, the next query opening a new one; unhandled, the 'error' events a dropped
  // connection emits (on the pool while idle, on the client while checked out) would end the process.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool: preparedStatementPool(pool) }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}
