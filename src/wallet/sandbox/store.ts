import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import { maskEmail, maskPhone } from '../../observability/logger';
import type * as s from '../schemas';
import { SandboxApiError } from './apiError';
import type { SandboxDatabase } from './database';
import { DEMO_ACCOUNTS, type DemoScenario } from './demoAccounts';

/**
 * The sandbox wallet's rules over its SQLite database: challenges, verification tokens,
 * eligibility, closure requests with idempotency, and the outbox of messages it "sends".
 * Every state change runs in one transaction; errors that follow a write (a wrong code) are returned
 * from the transaction and thrown after it commits.
 */

export interface SandboxSettings {
  codeTtlMs: number;
  resendCooldownMs: number;
  /** Wrong codes allowed per challenge; the last one locks it. */
  maxAttempts: number;
  /** After a lock, new challenges for the account are refused for this long. */
  lockoutMs: number;
  /** Wrong codes allowed per account within lockoutMs, across all its challenges; the last one locks the account. */
  maxAccountFailures: number;
  /** Codes (new or re-sent) one account may be texted within codeWindowMs. */
  maxCodesPerAccount: number;
  codeWindowMs: number;
  tokenTtlMs: number;
  /** Time a confirmed request spends in `processing` before `completed`. */
  processingDelayMs: number;
}

export const DEFAULT_SANDBOX_SETTINGS: SandboxSettings = {
  codeTtlMs: 5 * 60_000,
  resendCooldownMs: 30_000,
  maxAttempts: 3,
  lockoutMs: 15 * 60_000,
  maxAccountFailures: 5,
  maxCodesPerAccount: 5,
  codeWindowMs: 15 * 60_000,
  tokenTtlMs: 15 * 60_000,
  processingDelayMs: 2_000,
};

export interface SandboxAccountInfo {
  accountId: string;
  phone: string;
  email: string;
  scenario: DemoScenario;
  status: 'active' | 'locked' | 'closed';
}

export interface OutboxEntry {
  to: string;
  kind: 'code' | 'email';
  text: string;
  link?: string;
  createdAt: string;
}

export interface FilingResult {
  status: number;
  body: s.ClosureRequestFiled;
  replayed: boolean;
}

export type ConfirmOutcome =
  | { outcome: 'confirmed'; request: s.ClosureRequest }
  | { outcome: 'already'; request: s.ClosureRequest }
  | { outcome: 'not-confirmable'; request: s.ClosureRequest }
  | { outcome: 'unknown' };

interface AccountRow {
  account_id: string;
  phone: string;
  email: string;
  scenario: DemoScenario;
  status: 'active' | 'locked' | 'closed';
  balance_fen: number;
  currency: string;
  pending_transactions: number;
  linked_accounts: string;
}

interface ChallengeRow {
  challenge_id: string;
  account_id: string;
  code_hash: string;
  attempts: number;
  status: 'pending' | 'verified' | 'locked';
  expires_at: number;
  resend_available_at: number;
  locked_at: number | null;
}

interface RequestRow {
  request_id: string;
  account_id: string;
  status: s.ClosureStatus;
  email_sent_to: string;
  confirm_token: string;
  created_at: number;
  updated_at: number;
  complete_at: number | null;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();
const REQUEST_ID_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

function newRequestId(now: number): string {
  const day = iso(now).slice(0, 10).replaceAll('-', '');
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += REQUEST_ID_ALPHABET[randomInt(REQUEST_ID_ALPHABET.length)];
  return `CR${day}${suffix}`;
}

/** Phone (optionally +86), email or account id, normalised to the column it matches. */
function parseAccountRef(ref: string): { column: 'phone' | 'email' | 'account_id'; value: string } | undefined {
  const trimmed = ref.trim();
  if (/^w\d{8}$/i.test(trimmed)) return { column: 'account_id', value: trimmed.toUpperCase() };
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) return { column: 'email', value: trimmed.toLowerCase() };
  if (/^[+\d][\d\s()-]*$/.test(trimmed)) {
    let digits = trimmed.replace(/\D/g, '');
    if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
    if (/^1\d{10}$/.test(digits)) return { column: 'phone', value: digits };
  }
  return undefined;
}

/** A closure request's state change, as the webhook tells it. */
export interface StatusChange {
  requestId: string;
  status: s.ClosureStatus;
  previousStatus: s.ClosureStatus;
  at: number;
}

export class SandboxStore {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly statusListeners: ((change: StatusChange) => void)[] = [];

  constructor(
    private readonly db: SandboxDatabase,
    private readonly settings: SandboxSettings,
    private readonly logger: Logger,
    /** Absolute confirmation link for a token. */
    private readonly confirmLink: (token: string) => string,
    private readonly now: () => number = Date.now,
  ) {
    const { n } = this.db.prepare('SELECT COUNT(*) AS n FROM accounts').get() as { n: number };
    if (n === 0) this.seed();
  }

  /** Called after every committed state change of a closure request (the webhook sender listens). */
  onStatusChange(listener: (change: StatusChange) => void): void {
    this.statusListeners.push(listener);
  }

  private emitStatusChange(change: StatusChange): void {
    for (const listener of this.statusListeners) {
      try {
        listener(change);
      } catch (err) {
        this.logger.error({ err, requestId: change.requestId }, 'status change listener failed');
      }
    }
  }

  // ------------------------------------------------------------ demo data

  private seed(): void {
    const insert = this.db.prepare(
      `INSERT INTO accounts (account_id, phone, email, scenario, status, balance_fen, pending_transactions, linked_accounts)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const a of DEMO_ACCOUNTS) {
        insert.run(a.accountId, a.phone, a.email, a.scenario, a.status, a.balanceFen, a.pendingTransactions, JSON.stringify(a.linkedAccounts));
      }
    })();
    this.logger.info({ accounts: DEMO_ACCOUNTS.length }, 'sandbox wallet seeded demo accounts');
  }

  /** Drops every challenge, request and message and re-seeds the demo accounts. */
  reset(): void {
    this.clearTimers();
    this.db.transaction(() => {
      for (const table of ['verify_replays', 'code_events', 'idempotency_keys', 'closure_requests', 'tokens', 'challenges', 'outbox', 'accounts']) {
        this.db.prepare(`DELETE FROM ${table}`).run();
      }
    })();
    this.seed();
  }

  listAccounts(): SandboxAccountInfo[] {
    this.advanceDue();
    const rows = this.db.prepare('SELECT * FROM accounts ORDER BY account_id').all() as AccountRow[];
    return rows.map((r) => ({ accountId: r.account_id, phone: r.phone, email: r.email, scenario: r.scenario, status: r.status }));
  }

  /** Newest first. */
  listOutbox(): OutboxEntry[] {
    const rows = this.db.prepare('SELECT * FROM outbox ORDER BY id DESC').all() as {
      to_address: string;
      kind: 'code' | 'email';
      text: string;
      link: string | null;
      created_at: number;
    }[];
    return rows.map((r) => ({
      to: r.to_address,
      kind: r.kind,
      text: r.text,
      ...(r.link ? { link: r.link } : {}),
      createdAt: iso(r.created_at),
    }));
  }

  countClosureRequests(accountId?: string): number {
    const row = (
      accountId
        ? this.db.prepare('SELECT COUNT(*) AS n FROM closure_requests WHERE account_id = ?').get(accountId)
        : this.db.prepare('SELECT COUNT(*) AS n FROM closure_requests').get()
    ) as { n: number };
    return row.n;
  }

  // ------------------------------------------------------------ identity

  createChallenge(accountRef: string): s.Challenge {
    const ref = parseAccountRef(accountRef);
    if (!ref) throw new SandboxApiError({ code: 'VALIDATION_ERROR', message: 'accountRef is not a phone number, email or account id' });
    const now = this.now();
    const result = this.db.transaction(() => {
      const account = this.db.prepare(`SELECT * FROM accounts WHERE ${ref.column} = ?`).get(ref.value) as AccountRow | undefined;
      if (!account) return { error: new SandboxApiError({ code: 'ACCOUNT_NOT_FOUND', message: 'no account matches accountRef' }) };
      const lock = this.db
        .prepare('SELECT MAX(locked_at) AS at FROM challenges WHERE account_id = ? AND locked_at IS NOT NULL')
        .get(account.account_id) as { at: number | null };
      if (lock.at !== null && lock.at + this.settings.lockoutMs > now) {
        const retryAfterSeconds = Math.ceil((lock.at + this.settings.lockoutMs - now) / 1000);
        return { error: new SandboxApiError({ code: 'CHALLENGE_LOCKED', message: 'too many wrong codes; try later', retryAfterSeconds }) };
      }
      const refused = this.accountLockError(account.account_id, now);
      if (refused) return { error: refused };
      // A request repeated within the resend cool-down (a client that timed out and asked again) gets
      // the challenge already sent: one text, not two.
      const recent = this.db
        .prepare(
          "SELECT * FROM challenges WHERE account_id = ? AND status = 'pending' AND resend_available_at > ? AND expires_at > ? ORDER BY created_at DESC LIMIT 1",
        )
        .get(account.account_id, now, now) as ChallengeRow | undefined;
      if (recent) return { challenge: challengeOf(recent.challenge_id, account.phone, recent.expires_at, recent.resend_available_at) };
      const limited = this.codeLimitError(account.account_id, now);
      if (limited) return { error: limited };
      const challengeId = `ch_${randomBytes(12).toString('base64url')}`;
      const code = newCode();
      const expiresAt = now + this.settings.codeTtlMs;
      const resendAt = now + this.settings.resendCooldownMs;
      this.db
        .prepare(
          `INSERT INTO challenges (challenge_id, account_id, code_hash, status, created_at, expires_at, resend_available_at)
           VALUES (?, ?, ?, 'pending', ?, ?, ?)`,
        )
        .run(challengeId, account.account_id, sha256(`${challengeId}:${code}`), now, expiresAt, resendAt);
      this.sendCode(account.account_id, account.phone, code, now);
      this.logger.info({ challengeId, accountId: account.account_id, to: maskPhone(account.phone) }, 'code sent');
      return { challenge: challengeOf(challengeId, account.phone, expiresAt, resendAt) };
    })();
    if ('error' in result) throw result.error;
    return result.challenge;
  }

  resendChallenge(challengeId: string): s.Challenge {
    const now = this.now();
    const result = this.db.transaction(() => {
      const row = this.getChallenge(challengeId);
      if (!row) return { error: new SandboxApiError({ code: 'CHALLENGE_NOT_FOUND', message: 'unknown challenge' }) };
      if (row.status === 'locked') return { error: this.lockedError(row, now) };
      if (row.status === 'verified') return { error: new SandboxApiError({ code: 'CHALLENGE_USED', message: 'challenge already verified' }) };
      if (now < row.resend_available_at) {
        const retryAfterSeconds = Math.ceil((row.resend_available_at - now) / 1000);
        return { error: new SandboxApiError({ code: 'RESEND_TOO_SOON', message: 'resend is cooling down', retryAfterSeconds }) };
      }
      const refused = this.codeLimitError(row.account_id, now);
      if (refused) return { error: refused };
      const account = this.getAccount(row.account_id);
      // A new code replaces the old one and restarts the clock; wrong attempts still count.
      const code = newCode();
      const expiresAt = now + this.settings.codeTtlMs;
      const resendAt = now + this.settings.resendCooldownMs;
      this.db
        .prepare('UPDATE challenges SET code_hash = ?, expires_at = ?, resend_available_at = ? WHERE challenge_id = ?')
        .run(sha256(`${challengeId}:${code}`), expiresAt, resendAt, challengeId);
      this.sendCode(account.account_id, account.phone, code, now);
      this.logger.info({ challengeId, to: maskPhone(account.phone) }, 'code re-sent');
      return { challenge: challengeOf(challengeId, account.phone, expiresAt, resendAt) };
    })();
    if ('error' in result) throw result.error;
    return result.challenge;
  }

  /**
   * Checks the code. With an idempotency key, a repeat of the same key (a client whose answer was
   * lost) gets the first answer again and counts no attempt; the stored answer is sealed with a key
   * derived from the idempotency key, so the database alone never holds a usable token.
   */
  verifyChallenge(challengeId: string, code: string, idempotencyKey?: string): s.Verification {
    const result = this.db.transaction(() => {
      if (idempotencyKey === undefined) return this.checkCode(challengeId, code);
      const replay = this.db
        .prepare('SELECT status_code, sealed_body FROM verify_replays WHERE challenge_id = ? AND key_hash = ?')
        .get(challengeId, sha256(idempotencyKey)) as { status_code: number; sealed_body: string } | undefined;
      if (replay) {
        const body = JSON.parse(openReplay(replay.sealed_body, idempotencyKey)) as s.Verification | s.ApiErrorBody;
        return replay.status_code === 200 ? { verification: body as s.Verification } : { error: new SandboxApiError(body as s.ApiErrorBody) };
      }
      const checked = this.checkCode(challengeId, code);
      if (this.getChallenge(challengeId)) {
        const [status, body] = 'error' in checked ? [checked.error.status, checked.error.body] : [200, checked.verification];
        this.db
          .prepare('INSERT INTO verify_replays (challenge_id, key_hash, status_code, sealed_body) VALUES (?, ?, ?, ?)')
          .run(challengeId, sha256(idempotencyKey), status, sealReplay(JSON.stringify(body), idempotencyKey));
      }
      return checked;
    })();
    if ('error' in result) throw result.error;
    return result.verification;
  }

  /** The code against the challenge, counting a wrong one; runs inside verifyChallenge's transaction. */
  private checkCode(challengeId: string, code: string): { verification: s.Verification } | { error: SandboxApiError } {
    const now = this.now();
    const row = this.getChallenge(challengeId);
    if (!row) return { error: new SandboxApiError({ code: 'CHALLENGE_NOT_FOUND', message: 'unknown challenge' }) };
    if (row.status === 'locked') return { error: this.lockedError(row, now) };
    if (row.status === 'verified') return { error: new SandboxApiError({ code: 'CHALLENGE_USED', message: 'code already used' }) };
    if (now >= row.expires_at) return { error: new SandboxApiError({ code: 'CHALLENGE_EXPIRED', message: 'code expired' }) };
    // Wrong codes on the account's other challenges count too: a new conversation is not a fresh start.
    const accountLock = this.accountLockError(row.account_id, now);
    if (accountLock) {
      this.db.prepare("UPDATE challenges SET status = 'locked', locked_at = ? WHERE challenge_id = ?").run(now, challengeId);
      return { error: accountLock };
    }

    if (!sameHash(sha256(`${challengeId}:${code}`), row.code_hash)) {
      const attempts = row.attempts + 1;
      this.db.prepare("INSERT INTO code_events (account_id, kind, at) VALUES (?, 'failed', ?)").run(row.account_id, now);
      if (attempts >= this.settings.maxAttempts || this.recentEvents(row.account_id, 'failed', this.settings.lockoutMs, now).count >= this.settings.maxAccountFailures) {
        this.db.prepare("UPDATE challenges SET attempts = ?, status = 'locked', locked_at = ? WHERE challenge_id = ?").run(attempts, now, challengeId);
        this.logger.warn({ challengeId, accountId: row.account_id }, 'challenge locked after wrong codes');
        return { error: this.lockedError({ ...row, locked_at: now }, now) };
      }
      this.db.prepare('UPDATE challenges SET attempts = ? WHERE challenge_id = ?').run(attempts, challengeId);
      this.logger.info({ challengeId, attemptsLeft: this.settings.maxAttempts - attempts }, 'wrong code');
      return {
        error: new SandboxApiError({ code: 'INVALID_CODE', message: 'wrong code', attemptsLeft: this.settings.maxAttempts - attempts }),
      };
    }

    this.db.prepare("UPDATE challenges SET status = 'verified' WHERE challenge_id = ?").run(challengeId);
    return { verification: this.issueToken(row.account_id, challengeId, now) };
  }

  /** The account a bearer token was issued for; throws 401 when missing, unknown or expired. */
  authenticate(token: string | undefined): string {
    if (!token) throw new SandboxApiError({ code: 'UNAUTHORIZED', message: 'Authorization: Bearer <verificationToken> required' });
    const row = this.db.prepare('SELECT account_id, expires_at FROM tokens WHERE token_hash = ?').get(sha256(token)) as
      | { account_id: string; expires_at: number }
      | undefined;
    if (!row) throw new SandboxApiError({ code: 'UNAUTHORIZED', message: 'unknown verification token' });
    if (this.now() >= row.expires_at) throw new SandboxApiError({ code: 'TOKEN_EXPIRED', message: 'verification expired; verify again' });
    return row.account_id;
  }

  // ------------------------------------------------------------ closure

  eligibility(accountId: string): s.ClosureEligibility {
    this.advanceDue();
    const blockers = this.blockers(this.getAccount(accountId));
    return { eligible: blockers.length === 0, blockers };
  }

  fileClosureRequest(accountId: string, idempotencyKey: string, body: s.FileClosureRequest): FilingResult {
    this.advanceDue();
    const now = this.now();
    const fingerprint = sha256(JSON.stringify({ t: body.acceptedTermsVersion ?? null, c: body.channel ?? null }));
    const result = this.db.transaction((): FilingResult | { error: SandboxApiError } => {
      const stored = this.db
        .prepare('SELECT fingerprint, status_code, response_body FROM idempotency_keys WHERE account_id = ? AND idempotency_key = ?')
        .get(accountId, idempotencyKey) as { fingerprint: string; status_code: number; response_body: string } | undefined;
      if (stored) {
        if (stored.fingerprint !== fingerprint) {
          return { error: new SandboxApiError({ code: 'IDEMPOTENCY_KEY_REUSED', message: 'key already used with a different body' }) };
        }
        return { status: stored.status_code, body: JSON.parse(stored.response_body) as s.ClosureRequestFiled, replayed: true };
      }

      const account = this.getAccount(accountId);
      const open = this.openRequest(accountId);
      if (open) {
        return {
          error: new SandboxApiError({
            code: 'CLOSURE_IN_PROGRESS',
            message: 'the account already has an open closure request',
            requestId: open.request_id,
            status: open.status,
          }),
        };
      }
      // Re-checked here, not trusted from an earlier eligibility call: the balance may have moved.
      const blockers = this.blockers(account);
      if (blockers.length > 0) return { error: new SandboxApiError({ code: 'NOT_ELIGIBLE', message: 'account cannot be closed yet', blockers }) };

      const requestId = newRequestId(now);
      const confirmToken = randomBytes(24).toString('base64url');
      const emailSentTo = maskEmail(account.email);
      const seq = (this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM closure_requests').get() as { seq: number }).seq;
      this.db
        .prepare(
          `INSERT INTO closure_requests (request_id, account_id, status, email_sent_to, confirm_token, accepted_terms_version, channel, created_at, updated_at, seq)
           VALUES (?, ?, 'pending_email_confirmation', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(requestId, accountId, emailSentTo, confirmToken, body.acceptedTermsVersion ?? null, body.channel ?? null, now, now, seq);
      this.sendConfirmationEmail(account, requestId, this.confirmLink(confirmToken), now);

      const filed: s.ClosureRequestFiled = { requestId, status: 'pending_email_confirmation', emailSentTo, createdAt: iso(now) };
      // Only successes are stored: a refused filing is re-evaluated on retry (the blocker may be gone).
      this.db
        .prepare(
          'INSERT INTO idempotency_keys (account_id, idempotency_key, fingerprint, status_code, response_body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(accountId, idempotencyKey, fingerprint, 201, JSON.stringify(filed), now);
      return { status: 201, body: filed, replayed: false };
    })();
    if ('error' in result) throw result.error;
    this.logger.info({ requestId: result.body.requestId, accountId, replayed: result.replayed }, 'closure request filed');
    return result;
  }

  /** Newest first. */
  listClosureRequests(accountId: string, limit = 20): s.ClosureRequest[] {
    this.advanceDue();
    const rows = this.db
      .prepare('SELECT * FROM closure_requests WHERE account_id = ? ORDER BY seq DESC LIMIT ?')
      .all(accountId, limit) as RequestRow[];
    return rows.map(toClosureRequest);
  }

  getClosureRequest(accountId: string, requestId: string): s.ClosureRequest {
    this.advanceDue();
    return toClosureRequest(this.ownedRequest(accountId, requestId));
  }

  cancelClosureRequest(accountId: string, requestId: string): s.ClosureRequest {
    this.advanceDue();
    const now = this.now();
    const { row, changed } = this.db.transaction(() => {
      const req = this.ownedRequest(accountId, requestId);
      if (req.status === 'cancelled') return { row: req, changed: false };
      if (req.status !== 'pending_email_confirmation') {
        throw new SandboxApiError({ code: 'NOT_CANCELLABLE', message: `request is ${req.status}`, status: req.status });
      }
      this.db.prepare("UPDATE closure_requests SET status = 'cancelled', updated_at = ? WHERE request_id = ?").run(now, requestId);
      return { row: { ...req, status: 'cancelled' as const, updated_at: now }, changed: true };
    })();
    this.logger.info({ requestId, accountId }, 'closure request cancelled');
    if (changed) this.emitStatusChange({ requestId, status: 'cancelled', previousStatus: 'pending_email_confirmation', at: now });
    return toClosureRequest(row);
  }

  /** The email link: pending -> processing, completed after the processing delay. */
  confirmByToken(token: string): ConfirmOutcome {
    this.advanceDue();
    const now = this.now();
    const row = this.db.prepare('SELECT * FROM closure_requests WHERE confirm_token = ?').get(token) as RequestRow | undefined;
    if (!row) return { outcome: 'unknown' };
    if (row.status === 'processing' || row.status === 'completed') return { outcome: 'already', request: toClosureRequest(row) };
    if (row.status !== 'pending_email_confirmation') return { outcome: 'not-confirmable', request: toClosureRequest(row) };

    const completeAt = now + this.settings.processingDelayMs;
    this.db
      .prepare("UPDATE closure_requests SET status = 'processing', updated_at = ?, complete_at = ? WHERE request_id = ? AND status = 'pending_email_confirmation'")
      .run(now, completeAt, row.request_id);
    this.logger.info({ requestId: row.request_id }, 'closure confirmed by email link');
    this.emitStatusChange({ requestId: row.request_id, status: 'processing', previousStatus: 'pending_email_confirmation', at: now });
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.advanceDue();
    }, this.settings.processingDelayMs + 5);
    timer.unref();
    this.timers.add(timer);
    return { outcome: 'confirmed', request: toClosureRequest({ ...row, status: 'processing', updated_at: now, complete_at: completeAt }) };
  }

  /**
   * Completes processing requests whose delay has passed and closes their accounts. Runs on a timer
   * and before every read, so a restart in between loses nothing.
   */
  advanceDue(): void {
    if (!this.db.open) return;
    const now = this.now();
    const completed = this.db.transaction(() => {
      const due = this.db
        .prepare("SELECT request_id, account_id, complete_at FROM closure_requests WHERE status = 'processing' AND complete_at <= ?")
        .all(now) as { request_id: string; account_id: string; complete_at: number }[];
      for (const r of due) {
        this.db.prepare("UPDATE closure_requests SET status = 'completed', updated_at = ? WHERE request_id = ?").run(r.complete_at, r.request_id);
        this.db.prepare("UPDATE accounts SET status = 'closed' WHERE account_id = ?").run(r.account_id);
        this.logger.info({ requestId: r.request_id, accountId: r.account_id }, 'closure completed');
      }
      return due;
    })();
    for (const r of completed) this.emitStatusChange({ requestId: r.request_id, status: 'completed', previousStatus: 'processing', at: r.complete_at });
  }

  /** The status alone, for the bot's server-to-server poller (no account token: the service key guards it). */
  getClosureRequestState(requestId: string): s.ClosureRequestState {
    this.advanceDue();
    const row = this.db.prepare('SELECT * FROM closure_requests WHERE request_id = ?').get(requestId) as RequestRow | undefined;
    if (!row) throw new SandboxApiError({ code: 'CLOSURE_REQUEST_NOT_FOUND', message: 'unknown closure request' });
    return { requestId: row.request_id, status: row.status, updatedAt: iso(row.updated_at) };
  }

  /**
   * The wallet's risk review turns an open request down (a developer page does it in the sandbox);
   * false when the request is unknown or no longer open.
   */
  rejectClosureRequest(requestId: string): boolean {
    this.advanceDue();
    const now = this.now();
    const row = this.db.prepare('SELECT * FROM closure_requests WHERE request_id = ?').get(requestId) as RequestRow | undefined;
    if (!row || (row.status !== 'pending_email_confirmation' && row.status !== 'processing')) return false;
    const changed = this.db
      .prepare("UPDATE closure_requests SET status = 'rejected', updated_at = ?, complete_at = NULL WHERE request_id = ? AND status = ?")
      .run(now, requestId, row.status).changes;
    if (changed === 0) return false;
    this.logger.info({ requestId }, 'closure request rejected');
    this.emitStatusChange({ requestId, status: 'rejected', previousStatus: row.status, at: now });
    return true;
  }

  close(): void {
    this.clearTimers();
    if (this.db.open) this.db.close();
  }

  // ------------------------------------------------------------ helpers

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private getAccount(accountId: string): AccountRow {
    const row = this.db.prepare('SELECT * FROM accounts WHERE account_id = ?').get(accountId) as AccountRow | undefined;
    if (!row) throw new SandboxApiError({ code: 'ACCOUNT_NOT_FOUND', message: 'unknown account' });
    return row;
  }

  private getChallenge(challengeId: string): ChallengeRow | undefined {
    return this.db.prepare('SELECT * FROM challenges WHERE challenge_id = ?').get(challengeId) as ChallengeRow | undefined;
  }

  private issueToken(accountId: string, challengeId: string, now: number): s.Verification {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + this.settings.tokenTtlMs;
    this.db.prepare('INSERT INTO tokens (token_hash, account_id, expires_at) VALUES (?, ?, ?)').run(sha256(token), accountId, expiresAt);
    this.logger.info({ challengeId, accountId }, 'identity verified');
    return { verificationToken: token, accountId, expiresAt: iso(expiresAt) };
  }

  /** Events of one kind for the account within the last `windowMs`, and the oldest one's time. */
  private recentEvents(accountId: string, kind: 'sent' | 'failed', windowMs: number, now: number): { count: number; oldest: number | null } {
    const row = this.db
      .prepare('SELECT COUNT(*) AS count, MIN(at) AS oldest FROM code_events WHERE account_id = ? AND kind = ? AND at > ?')
      .get(accountId, kind, now - windowMs) as { count: number; oldest: number | null };
    return row;
  }

  /** Locked when the account's wrong codes within lockoutMs reached maxAccountFailures. */
  private accountLockError(accountId: string, now: number): SandboxApiError | undefined {
    const failed = this.recentEvents(accountId, 'failed', this.settings.lockoutMs, now);
    if (failed.count < this.settings.maxAccountFailures || failed.oldest === null) return undefined;
    return new SandboxApiError({
      code: 'CHALLENGE_LOCKED',
      message: 'too many wrong codes for this account; try later',
      retryAfterSeconds: Math.max(1, Math.ceil((failed.oldest + this.settings.lockoutMs - now) / 1000)),
    });
  }

  /** Refused when the account was already texted maxCodesPerAccount codes within codeWindowMs. */
  private codeLimitError(accountId: string, now: number): SandboxApiError | undefined {
    const sent = this.recentEvents(accountId, 'sent', this.settings.codeWindowMs, now);
    if (sent.count < this.settings.maxCodesPerAccount || sent.oldest === null) return undefined;
    return new SandboxApiError({
      code: 'TOO_MANY_CODES',
      message: 'this account was sent too many codes; try later',
      retryAfterSeconds: Math.max(1, Math.ceil((sent.oldest + this.settings.codeWindowMs - now) / 1000)),
    });
  }

  private lockedError(row: ChallengeRow, now: number): SandboxApiError {
    const until = (row.locked_at ?? now) + this.settings.lockoutMs;
    return new SandboxApiError({
      code: 'CHALLENGE_LOCKED',
      message: 'too many wrong codes',
      retryAfterSeconds: Math.max(0, Math.ceil((until - now) / 1000)),
    });
  }

  private openRequest(accountId: string): RequestRow | undefined {
    return this.db
      .prepare(
        "SELECT * FROM closure_requests WHERE account_id = ? AND status IN ('pending_email_confirmation', 'processing') ORDER BY seq DESC LIMIT 1",
      )
      .get(accountId) as RequestRow | undefined;
  }

  /** Requests of other accounts answer 404, so ids cannot be probed. */
  private ownedRequest(accountId: string, requestId: string): RequestRow {
    const row = this.db.prepare('SELECT * FROM closure_requests WHERE request_id = ?').get(requestId) as RequestRow | undefined;
    if (!row || row.account_id !== accountId) {
      throw new SandboxApiError({ code: 'CLOSURE_REQUEST_NOT_FOUND', message: 'unknown closure request' });
    }
    return row;
  }

  private blockers(account: AccountRow): s.Blocker[] {
    if (account.status === 'closed') return [{ code: 'ACCOUNT_CLOSED', detail: 'The account is already closed.' }];
    const blockers: s.Blocker[] = [];
    if (account.status === 'locked') {
      blockers.push({ code: 'ACCOUNT_LOCKED', detail: 'The account is frozen by risk control; an agent must unlock it first.' });
    }
    if (account.balance_fen !== 0) {
      const balance = { amount: formatFen(account.balance_fen), currency: account.currency };
      blockers.push({ code: 'BALANCE_NOT_ZERO', detail: `Balance ${balance.amount} ${balance.currency} must be withdrawn first.`, balance });
    }
    if (account.pending_transactions > 0) {
      blockers.push({
        code: 'PENDING_TRANSACTIONS',
        detail: `${account.pending_transactions} transaction(s) are still pending.`,
        pendingTransactions: account.pending_transactions,
      });
    }
    const linked = JSON.parse(account.linked_accounts) as s.LinkedAccount[];
    if (linked.length > 0) {
      blockers.push({ code: 'LINKED_ACCOUNTS', detail: `${linked.length} linked account(s) must be unbound.`, linkedAccounts: linked });
    }
    const open = this.openRequest(account.account_id);
    if (open) {
      blockers.push({ code: 'CLOSURE_IN_PROGRESS', detail: `Closure request ${open.request_id} is ${open.status}.`, requestId: open.request_id });
    }
    return blockers;
  }

  private sendCode(accountId: string, phone: string, code: string, now: number): void {
    this.db.prepare("INSERT INTO code_events (account_id, kind, at) VALUES (?, 'sent', ?)").run(accountId, now);
    const minutes = Math.max(1, Math.round(this.settings.codeTtlMs / 60_000));
    const text =
      `【im钱包】验证码 ${code}，${minutes} 分钟内有效，请勿告诉他人。` +
      `[im Wallet] Your verification code is ${code}. It expires in ${minutes} min. Never share it.`;
    this.db.prepare("INSERT INTO outbox (to_address, kind, text, created_at) VALUES (?, 'code', ?, ?)").run(phone, text, now);
  }

  private sendConfirmationEmail(account: AccountRow, requestId: string, link: string, now: number): void {
    const text =
      `【im钱包】您申请注销账户 ${account.account_id}（申请编号 ${requestId}）。请打开以下链接确认注销：${link}\n` +
      `如果不是您本人操作，请忽略本邮件，账户不会被注销。\n\n` +
      `[im Wallet] You asked to close account ${account.account_id} (request ${requestId}). ` +
      `Open this link to confirm: ${link}\nIf this was not you, ignore this email and nothing will be closed.`;
    this.db
      .prepare("INSERT INTO outbox (to_address, kind, text, link, created_at) VALUES (?, 'email', ?, ?, ?)")
      .run(account.email, text, link, now);
  }
}

/** AES-256-GCM under a key derived from the client's idempotency key (which the database never holds). */
function replayKey(idempotencyKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', idempotencyKey, 'sandbox-wallet', 'verify-replay-v1', 32));
}

function sealReplay(plaintext: string, idempotencyKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', replayKey(idempotencyKey), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

function openReplay(sealed: string, idempotencyKey: string): string {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', replayKey(idempotencyKey), iv!);
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
}

function toClosureRequest(r: RequestRow): s.ClosureRequest {
  return {
    requestId: r.request_id,
    accountId: r.account_id,
    status: r.status,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    emailSentTo: r.email_sent_to,
  };
}

/** The challenge as the API returns it: the phone only ever masked. */
function challengeOf(challengeId: string, phone: string, expiresAt: number, resendAt: number): s.Challenge {
  return { challengeId, maskedDestination: maskPhone(phone), expiresAt: iso(expiresAt), resendAvailableAt: iso(resendAt) };
}
