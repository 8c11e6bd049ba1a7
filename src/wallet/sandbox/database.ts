import Database from 'better-sqlite3';
import { ensurePrivateFile } from '../../storage/privateFile';

export type SandboxDatabase = Database.Database;

/** Opens (creating if needed) the sandbox wallet's own SQLite file; ':memory:' for tests. */
export function openSandboxDatabase(file: string): SandboxDatabase {
  if (file !== ':memory:') ensurePrivateFile(file);
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  // As the bot's own database: durable across a process crash, no disk sync per commit. Running in
  // the bot's process, each sync (milliseconds, tens at worst) held up every turn in flight.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  return db;
}

/** Times are epoch milliseconds; codes and tokens are stored only as SHA-256 hashes. */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS accounts (
  account_id TEXT PRIMARY KEY,
  phone TEXT NOT NULL UNIQUE,
  email TEXT NOT NULL UNIQUE,
  scenario TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'locked', 'closed')),
  balance_fen INTEGER NOT NULL DEFAULT 0,
  currency TEXT NOT NULL DEFAULT 'CNY',
  pending_transactions INTEGER NOT NULL DEFAULT 0,
  linked_accounts TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS challenges (
  challenge_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'locked')),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  resend_available_at INTEGER NOT NULL,
  locked_at INTEGER
);
CREATE INDEX IF NOT EXISTS challenges_account ON challenges(account_id, locked_at);
CREATE TABLE IF NOT EXISTS tokens (
  token_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS closure_requests (
  request_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  email_sent_to TEXT NOT NULL,
  confirm_token TEXT NOT NULL UNIQUE,
  accepted_terms_version TEXT,
  channel TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  complete_at INTEGER,
  seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS closure_requests_account ON closure_requests(account_id, seq);
CREATE TABLE IF NOT EXISTS idempotency_keys (
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  idempotency_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status_code INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, idempotency_key)
);
CREATE TABLE IF NOT EXISTS code_events (
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('sent', 'failed')),
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS code_events_account ON code_events(account_id, kind, at);
CREATE TABLE IF NOT EXISTS verify_replays (
  challenge_id TEXT NOT NULL REFERENCES challenges(challenge_id) ON DELETE CASCADE,
  key_hash TEXT NOT NULL,
  status_code INTEGER NOT NULL,
  sealed_body TEXT NOT NULL,
  PRIMARY KEY (challenge_id, key_hash)
);
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  to_address TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('code', 'email')),
  text TEXT NOT NULL,
  link TEXT,
  created_at INTEGER NOT NULL
);
`;
