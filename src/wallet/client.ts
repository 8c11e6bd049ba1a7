import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import type { z } from 'zod';
import type { Config } from '../config';
import { backoffDelay, sleep } from './backoff';
import { WalletUnavailableError, walletErrorFromResponse } from './errors';
import { operationPath, operations, type OperationId } from './operations';
import * as s from './schemas';

/**
 * Typed client for the wallet API. Stateless: the dialogs keep the verification (WalletSession) and
 * the filing's idempotency key in their own state and pass them in.
 *
 * Retry policy (see docs/wallet.md):
 * - reads (GET), cancel (idempotent by contract), filing and verifyChallenge (idempotent through
 *   Idempotency-Key: a verify retried after the wallet saw it gets the first answer, so it neither
 *   burns an attempt nor loses an accepted code) are retried on 5xx, timeouts and dropped
 *   connections, with exponential backoff and jitter;
 * - createChallenge and resendChallenge send an SMS, so they are retried only when the request
 *   provably never left this process (connection refused, DNS failure).
 */

export type WalletSession = Pick<s.Verification, 'accountId' | 'verificationToken'>;

export interface FileClosureOptions extends s.FileClosureRequest {
  /** Keep this in dialog state and reuse it for every retry of the same filing. */
  idempotencyKey: string;
}

export interface WalletClientOptions {
  /** API base, the part before /v1 (e.g. http://127.0.0.1:3978/sandbox/wallet); a function is read per call. */
  baseUrl: string | (() => string);
  /** Sent as X-Api-Key when set. */
  apiKey?: string;
  /** Per attempt, covering connect, server time and reading the body. */
  timeoutMs: number;
  /** Attempts per retryable call, including the first (default 3). */
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  logger?: Logger;
}

type RetryPolicy = 'retry-safe' | 'only-if-unsent';

interface CallSpec {
  op: OperationId;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  session?: WalletSession;
  idempotencyKey?: string;
  policy: RetryPolicy;
}

type Outcome =
  | { kind: 'response'; status: number; body: unknown; retryAfterMs: number | undefined }
  | { kind: 'timeout' }
  | { kind: 'network'; unsent: boolean; cause: unknown };

/** Connection errors raised before any byte of the request reached the wallet. */
const UNSENT_ERROR_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function errorCodes(err: unknown, depth = 0): string[] {
  if (!err || typeof err !== 'object' || depth > 4) return [];
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  const own = typeof e.code === 'string' ? [e.code] : [];
  const nested = Array.isArray(e.errors) ? e.errors.flatMap((x) => errorCodes(x, depth + 1)) : [];
  return [...own, ...nested, ...errorCodes(e.cause, depth + 1)];
}

function isUnsent(err: unknown): boolean {
  const codes = errorCodes(err);
  return codes.length > 0 && codes.every((c) => UNSENT_ERROR_CODES.has(c));
}

export function newIdempotencyKey(): string {
  return randomUUID();
}

export class WalletClient {
  private readonly maxAttempts: number;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly logger: Logger;

  constructor(private readonly options: WalletClientOptions) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.backoff = { baseMs: options.backoffBaseMs ?? 200, maxMs: options.backoffMaxMs ?? 2000 };
    this.logger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'wallet-client' });
  }

  createChallenge(accountRef: string): Promise<s.Challenge> {
    return this.call({ op: 'createChallenge', body: { accountRef }, policy: 'only-if-unsent' }, s.Challenge);
  }

  resendChallenge(challengeId: string): Promise<s.Challenge> {
    return this.call({ op: 'resendChallenge', params: { challengeId }, policy: 'only-if-unsent' }, s.Challenge);
  }

  /**
   * Resolves with the session; throws WalletInvalidCodeError (attemptsLeft), ...LockedError, ...ExpiredError.
   * One idempotency key per check, so a retry after a timeout gets the wallet's first answer: a code
   * it accepted is not lost, and a wrong one is not counted twice.
   */
  verifyChallenge(challengeId: string, code: string): Promise<s.Verification> {
    return this.call(
      { op: 'verifyChallenge', params: { challengeId }, body: { code }, idempotencyKey: newIdempotencyKey(), policy: 'retry-safe' },
      s.Verification,
    );
  }

  getClosureEligibility(session: WalletSession): Promise<s.ClosureEligibility> {
    return this.call(
      { op: 'getClosureEligibility', params: { accountId: session.accountId }, session, policy: 'retry-safe' },
      s.ClosureEligibility,
    );
  }

  /** Throws WalletNotEligibleError (blockers) or WalletClosureInProgressError (existing requestId). */
  fileClosureRequest(session: WalletSession, { idempotencyKey, ...body }: FileClosureOptions): Promise<s.ClosureRequestFiled> {
    return this.call(
      {
        op: 'fileClosureRequest',
        params: { accountId: session.accountId },
        body,
        session,
        idempotencyKey,
        policy: 'retry-safe',
      },
      s.ClosureRequestFiled,
    );
  }

  async listClosureRequests(session: WalletSession, limit?: number): Promise<s.ClosureRequest[]> {
    const list = await this.call(
      {
        op: 'listClosureRequests',
        params: { accountId: session.accountId },
        ...(limit !== undefined ? { query: { limit: String(limit) } } : {}),
        session,
        policy: 'retry-safe',
      },
      s.ClosureRequestList,
    );
    return list.requests;
  }

  /** The account's newest closure request, or null when it never filed one. */
  async getLatestClosureRequest(session: WalletSession): Promise<s.ClosureRequest | null> {
    const [latest] = await this.listClosureRequests(session, 1);
    return latest ?? null;
  }

  getClosureRequest(session: WalletSession, requestId: string): Promise<s.ClosureRequest> {
    return this.call({ op: 'getClosureRequest', params: { requestId }, session, policy: 'retry-safe' }, s.ClosureRequest);
  }

  /** Cancelling an already-cancelled request succeeds, so this is safe to retry. */
  cancelClosureRequest(session: WalletSession, requestId: string): Promise<s.ClosureRequest> {
    return this.call({ op: 'cancelClosureRequest', params: { requestId }, session, policy: 'retry-safe' }, s.ClosureRequest);
  }

  /**
   * The request's status through the server-to-server endpoint (the service key, no person's token):
   * the status poller's way in, since it holds no verification.
   */
  getClosureRequestState(requestId: string): Promise<s.ClosureRequestState> {
    return this.call({ op: 'getClosureRequestState', params: { requestId }, policy: 'retry-safe' }, s.ClosureRequestState);
  }

  private async call<T>(spec: CallSpec, schema: z.ZodType<T>): Promise<T> {
    let lastFailure: WalletUnavailableError | undefined;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const started = Date.now();
      const outcome = await this.attempt(spec);
      const ms = Date.now() - started;

      if (outcome.kind === 'response') {
        this.logger.debug({ op: spec.op, attempt, status: outcome.status, ms }, 'wallet call');
        if (outcome.status >= 200 && outcome.status < 300) {
          const parsed = schema.safeParse(outcome.body);
          if (parsed.success) return parsed.data;
          // Paths only, never values: a body may hold a token.
          const paths = parsed.error.issues.map((i) => i.path.join('.') || '(root)');
          this.logger.error({ op: spec.op, status: outcome.status, paths }, 'wallet response does not match the contract');
          throw new WalletUnavailableError('protocol', `malformed ${spec.op} response`, outcome.status);
        }
        if (outcome.status < 500) {
          const err = walletErrorFromResponse(outcome.status, outcome.body);
          if (err instanceof WalletUnavailableError) this.logger.error({ op: spec.op, status: outcome.status, reason: err.reason }, 'wallet call rejected');
          throw err;
        }
        lastFailure = new WalletUnavailableError('server_error', `wallet HTTP ${outcome.status}`, outcome.status);
        if (spec.policy !== 'retry-safe') break;
      } else if (outcome.kind === 'timeout') {
        lastFailure = new WalletUnavailableError('timeout', `${spec.op} timed out after ${this.options.timeoutMs}ms`);
        if (spec.policy !== 'retry-safe') break;
      } else {
        lastFailure = new WalletUnavailableError('network', `${spec.op} connection failed`, undefined, { cause: outcome.cause });
        if (spec.policy !== 'retry-safe' && !outcome.unsent) break;
      }

      if (attempt < this.maxAttempts) {
        const retryAfter = outcome.kind === 'response' ? outcome.retryAfterMs : undefined;
        const delay = Math.min(this.backoff.maxMs, Math.max(backoffDelay(attempt, this.backoff), retryAfter ?? 0));
        this.logger.warn({ op: spec.op, attempt, reason: lastFailure.reason, delayMs: delay }, 'wallet call failed, retrying');
        await sleep(delay);
      }
    }
    const failure = lastFailure ?? new WalletUnavailableError('network', `${spec.op} failed`);
    this.logger.warn({ op: spec.op, reason: failure.reason, status: failure.status }, 'wallet call gave up');
    throw failure;
  }

  private async attempt(spec: CallSpec): Promise<Outcome> {
    const op = operations[spec.op];
    const base = typeof this.options.baseUrl === 'function' ? this.options.baseUrl() : this.options.baseUrl;
    const query = spec.query ? `?${new URLSearchParams(spec.query).toString()}` : '';
    const url = `${base.replace(/\/+$/, '')}${operationPath(spec.op, spec.params)}${query}`;

    const headers: Record<string, string> = { accept: 'application/json' };
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.apiKey) headers['x-api-key'] = this.options.apiKey;
    if (spec.session) headers.authorization = `Bearer ${spec.session.verificationToken}`;
    if (spec.idempotencyKey) headers['idempotency-key'] = spec.idempotencyKey;

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    try {
      const res = await fetch(url, {
        method: op.method.toUpperCase(),
        headers,
        ...(spec.body !== undefined ? { body: JSON.stringify(spec.body) } : {}),
        signal: controller.signal,
      });
      // The body is read under the same timer: a wallet that stalls mid-body is a timeout too.
      const text = await res.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      const retryAfterHeader = Number(res.headers.get('retry-after'));
      return {
        kind: 'response',
        status: res.status,
        body,
        retryAfterMs: Number.isFinite(retryAfterHeader) && retryAfterHeader > 0 ? retryAfterHeader * 1000 : undefined,
      };
    } catch (err) {
      if (timedOut) return { kind: 'timeout' };
      return { kind: 'network', unsent: isUnsent(err), cause: err };
    } finally {
      clearTimeout(timer);
    }
  }
}

export interface CreateWalletClientOptions {
  /** Base of the in-process sandbox API, used when WALLET_API_URL is unset (e.g. () => `${serverUrl}/sandbox/wallet`). */
  sandboxBaseUrl: string | (() => string);
  logger?: Logger;
}

/** The client the app uses: WALLET_API_URL when set, else the sandbox mounted in this process. */
export function createWalletClient(
  config: Pick<Config, 'WALLET_API_URL' | 'WALLET_API_KEY' | 'WALLET_TIMEOUT_MS'>,
  { sandboxBaseUrl, logger }: CreateWalletClientOptions,
): WalletClient {
  return new WalletClient({
    baseUrl: config.WALLET_API_URL ?? sandboxBaseUrl,
    ...(config.WALLET_API_KEY ? { apiKey: config.WALLET_API_KEY } : {}),
    timeoutMs: config.WALLET_TIMEOUT_MS,
    ...(logger ? { logger } : {}),
  });
}
