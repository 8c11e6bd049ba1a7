import { ApiErrorEnvelope, type Blocker, type ClosureStatus } from './schemas';

/**
 * The few failures the dialogs must tell apart. Each carries a stable `code`; the dialogs own the
 * wording shown to people. Messages here are for logs and never contain codes, tokens or phones.
 */

export type WalletErrorCode =
  | 'WALLET_UNAVAILABLE'
  | 'INVALID_REQUEST'
  | 'ACCOUNT_NOT_FOUND'
  | 'INVALID_CODE'
  | 'CHALLENGE_LOCKED'
  | 'CHALLENGE_EXPIRED'
  | 'RESEND_TOO_SOON'
  | 'TOO_MANY_CODES'
  | 'AUTH_REQUIRED'
  | 'NOT_ELIGIBLE'
  | 'CLOSURE_IN_PROGRESS'
  | 'NOT_CANCELLABLE'
  | 'CLOSURE_REQUEST_NOT_FOUND';

export abstract class WalletError extends Error {
  abstract readonly code: WalletErrorCode;
  /** HTTP status of the wallet's answer, when there was one. */
  readonly status: number | undefined;

  constructor(message: string, status?: number, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.status = status;
  }
}

export type UnavailableReason =
  | 'timeout'
  | 'network'
  | 'server_error'
  /** The wallet answered something that does not match the contract. */
  | 'protocol'
  /** The wallet rejected our service key: a configuration fault, not the person's. */
  | 'credential_rejected';

/** The wallet could not be reached or answered nonsense; try again later or hand off. */
export class WalletUnavailableError extends WalletError {
  readonly code = 'WALLET_UNAVAILABLE';
  constructor(
    readonly reason: UnavailableReason,
    message: string,
    status?: number,
    options?: ErrorOptions,
  ) {
    super(message, status, options);
  }
}

/** The wallet refused the request's shape (e.g. an account reference it cannot parse). */
export class WalletInvalidRequestError extends WalletError {
  readonly code = 'INVALID_REQUEST';
}

export class WalletAccountNotFoundError extends WalletError {
  readonly code = 'ACCOUNT_NOT_FOUND';
}

export class WalletInvalidCodeError extends WalletError {
  readonly code = 'INVALID_CODE';
  constructor(
    readonly attemptsLeft: number,
    status?: number,
  ) {
    super(`invalid code, ${attemptsLeft} attempt(s) left`, status);
  }
}

/** Too many wrong codes: the challenge (and, for a while, the account's new challenges) is locked. */
export class WalletChallengeLockedError extends WalletError {
  readonly code = 'CHALLENGE_LOCKED';
  constructor(
    readonly retryAfterSeconds: number | undefined,
    status?: number,
  ) {
    super('challenge locked', status);
  }
}

/** The challenge expired, was already used, or is unknown: start a new one. */
export class WalletChallengeExpiredError extends WalletError {
  readonly code = 'CHALLENGE_EXPIRED';
  constructor(
    readonly reason: 'expired' | 'used' | 'unknown',
    status?: number,
  ) {
    super(`challenge ${reason}`, status);
  }
}

export class WalletResendTooSoonError extends WalletError {
  readonly code = 'RESEND_TOO_SOON';
  constructor(
    readonly retryAfterSeconds: number,
    status?: number,
  ) {
    super(`resend available in ${retryAfterSeconds}s`, status);
  }
}

/** No more codes for now: the account (wallet) or the conversation (bot) asked for too many. */
export class WalletTooManyCodesError extends WalletError {
  readonly code = 'TOO_MANY_CODES';
  constructor(
    readonly retryAfterSeconds: number,
    status?: number,
  ) {
    super(`too many codes, next in ${retryAfterSeconds}s`, status);
  }
}

/** The verification token is missing, expired or not for this account: verify identity again. */
export class WalletAuthError extends WalletError {
  readonly code = 'AUTH_REQUIRED';
  constructor(
    readonly reason: 'missing' | 'expired' | 'forbidden',
    status?: number,
  ) {
    super(`verification ${reason}`, status);
  }
}

export class WalletNotEligibleError extends WalletError {
  readonly code = 'NOT_ELIGIBLE';
  constructor(
    readonly blockers: Blocker[],
    status?: number,
  ) {
    super(`not eligible: ${blockers.map((b) => b.code).join(', ')}`, status);
  }
}

/** A state conflict: an open request already exists, or the request can no longer be cancelled. */
export abstract class WalletConflictError extends WalletError {}

export class WalletClosureInProgressError extends WalletConflictError {
  readonly code = 'CLOSURE_IN_PROGRESS';
  constructor(
    readonly requestId: string,
    readonly requestStatus: ClosureStatus,
    status?: number,
  ) {
    super(`closure request ${requestId} already ${requestStatus}`, status);
  }
}

export class WalletNotCancellableError extends WalletConflictError {
  readonly code = 'NOT_CANCELLABLE';
  constructor(
    readonly requestStatus: ClosureStatus,
    status?: number,
  ) {
    super(`closure request is ${requestStatus}, cannot cancel`, status);
  }
}

export class WalletClosureRequestNotFoundError extends WalletError {
  readonly code = 'CLOSURE_REQUEST_NOT_FOUND';
}

export function isWalletError(err: unknown): err is WalletError {
  return err instanceof WalletError;
}

/** Turns a wallet error response into the matching typed error; unknown shapes are protocol errors. */
export function walletErrorFromResponse(status: number, body: unknown): WalletError {
  const parsed = ApiErrorEnvelope.safeParse(body);
  if (!parsed.success) {
    return new WalletUnavailableError('protocol', `unexpected wallet answer (HTTP ${status})`, status);
  }
  const e = parsed.data.error;
  switch (e.code) {
    case 'VALIDATION_ERROR':
    case 'IDEMPOTENCY_KEY_REQUIRED':
    case 'IDEMPOTENCY_KEY_REUSED':
      return new WalletInvalidRequestError(`wallet rejected the request: ${e.code}`, status);
    case 'INVALID_API_KEY':
      return new WalletUnavailableError('credential_rejected', 'wallet rejected the service key (WALLET_API_KEY)', status);
    case 'UNAUTHORIZED':
      return new WalletAuthError('missing', status);
    case 'TOKEN_EXPIRED':
      return new WalletAuthError('expired', status);
    case 'FORBIDDEN':
      return new WalletAuthError('forbidden', status);
    case 'ACCOUNT_NOT_FOUND':
      return new WalletAccountNotFoundError('account not found', status);
    case 'CHALLENGE_NOT_FOUND':
      return new WalletChallengeExpiredError('unknown', status);
    case 'CHALLENGE_EXPIRED':
      return new WalletChallengeExpiredError('expired', status);
    case 'CHALLENGE_USED':
      return new WalletChallengeExpiredError('used', status);
    case 'INVALID_CODE':
      return new WalletInvalidCodeError(e.attemptsLeft, status);
    case 'CHALLENGE_LOCKED':
      return new WalletChallengeLockedError(e.retryAfterSeconds, status);
    case 'RESEND_TOO_SOON':
      return new WalletResendTooSoonError(e.retryAfterSeconds, status);
    case 'TOO_MANY_CODES':
      return new WalletTooManyCodesError(e.retryAfterSeconds, status);
    case 'NOT_ELIGIBLE':
      return new WalletNotEligibleError(e.blockers, status);
    case 'CLOSURE_IN_PROGRESS':
      return new WalletClosureInProgressError(e.requestId, e.status, status);
    case 'NOT_CANCELLABLE':
      return new WalletNotCancellableError(e.status, status);
    case 'CLOSURE_REQUEST_NOT_FOUND':
      return new WalletClosureRequestNotFoundError('closure request not found', status);
    case 'INTERNAL':
      return new WalletUnavailableError('server_error', 'wallet internal error', status);
  }
}
