import { z } from 'zod';

/**
 * The wallet API's wire format: every request body, response body and error the sandbox serves and
 * the client accepts. The OpenAPI document is generated from these (see openapi.ts), so this file
 * is the single definition of the contract.
 */

const isoDateTime = z.iso.datetime({ offset: true });

/** Wallet account ids look like W10000001; the dialogs validate this shape before calling. */
export const AccountId = z.string().regex(/^W\d{8}$/).meta({ description: 'Wallet account id, e.g. W10000001.' });

/** A phone number (digits, optional +86), an email address or an account id, as the person typed it. */
export const AccountRef = z
  .string()
  .trim()
  .min(3)
  .max(254)
  .meta({ description: 'Registered phone number, email address or account id.' });

export const ChallengeId = z.string().min(1).max(64);
export const ClosureRequestId = z.string().min(1).max(64);

/** Money as a decimal string so no float rounding ever touches a balance. */
export const Money = z.object({
  amount: z.string().regex(/^-?\d+\.\d{2}$/),
  currency: z.string().length(3),
});

// ---------------------------------------------------------------- identity

export const CreateChallengeRequest = z.object({ accountRef: AccountRef });

export const Challenge = z.object({
  challengeId: ChallengeId,
  /** Where the code went, masked (e.g. 138******01); the full number is never returned. */
  maskedDestination: z.string(),
  expiresAt: isoDateTime,
  /** The earliest time a resend is accepted. */
  resendAvailableAt: isoDateTime,
});

export const VerifyChallengeRequest = z.object({
  code: z.string().regex(/^\d{6}$/).meta({ description: 'The 6-digit one-time code.' }),
});

export const Verification = z.object({
  /** Bearer token for the calls below; bound to accountId. */
  verificationToken: z.string().min(16),
  accountId: AccountId,
  expiresAt: isoDateTime,
});

// ---------------------------------------------------------------- eligibility

export const LinkedAccount = z.object({
  type: z.enum(['bank_card', 'social']),
  /** e.g. "China Merchants Bank debit card", "WeChat". */
  name: z.string(),
  /** e.g. "**** 1234". */
  masked: z.string(),
});

export const BlockerCode = z.enum([
  'BALANCE_NOT_ZERO',
  'PENDING_TRANSACTIONS',
  'LINKED_ACCOUNTS',
  'ACCOUNT_LOCKED',
  'CLOSURE_IN_PROGRESS',
  'ACCOUNT_CLOSED',
]);

/** `detail` is developer-facing English; dialogs word the user message from `code` and the data. */
const blockerBase = { detail: z.string() };

export const Blocker = z.discriminatedUnion('code', [
  z.object({ code: z.literal('BALANCE_NOT_ZERO'), ...blockerBase, balance: Money }),
  z.object({ code: z.literal('PENDING_TRANSACTIONS'), ...blockerBase, pendingTransactions: z.number().int().min(1) }),
  z.object({ code: z.literal('LINKED_ACCOUNTS'), ...blockerBase, linkedAccounts: z.array(LinkedAccount).min(1) }),
  z.object({ code: z.literal('ACCOUNT_LOCKED'), ...blockerBase }),
  z.object({ code: z.literal('CLOSURE_IN_PROGRESS'), ...blockerBase, requestId: ClosureRequestId }),
  z.object({ code: z.literal('ACCOUNT_CLOSED'), ...blockerBase }),
]);

export const ClosureEligibility = z.object({
  eligible: z.boolean(),
  blockers: z.array(Blocker),
});

// ---------------------------------------------------------------- closure requests

export const ClosureStatus = z.enum(['pending_email_confirmation', 'processing', 'completed', 'cancelled', 'rejected']);

/** Statuses in which a request still counts as the account's open request. */
export const OPEN_CLOSURE_STATUSES = ['pending_email_confirmation', 'processing'] as const;

export const IdempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/)
  .meta({ description: 'Client-chosen key; the same key for the same account returns the first response.' });

export const FileClosureRequest = z.object({
  /** Version of the closure terms the person agreed to. */
  acceptedTermsVersion: z.string().min(1).max(64).optional(),
  /** Where the request came from, e.g. "webchat", "wechat", "teams". */
  channel: z.string().min(1).max(32).optional(),
});

export const ClosureRequestFiled = z.object({
  requestId: ClosureRequestId,
  status: z.literal('pending_email_confirmation'),
  /** Masked address the confirmation email went to. */
  emailSentTo: z.string(),
  createdAt: isoDateTime,
});

export const ClosureRequest = z.object({
  requestId: ClosureRequestId,
  accountId: AccountId,
  status: ClosureStatus,
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  emailSentTo: z.string(),
});

export const ListClosureRequestsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).optional(),
});

/** Newest first. */
export const ClosureRequestList = z.object({ requests: z.array(ClosureRequest) });

/**
 * Where a request stands, for the bot's own server-to-server check (no person's token): the status
 * only, nothing about the account.
 */
export const ClosureRequestState = z.object({
  requestId: ClosureRequestId,
  status: ClosureStatus,
  updatedAt: isoDateTime,
});

// ---------------------------------------------------------------- webhooks

/** The header carrying the webhook's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export const WEBHOOK_SIGNATURE_HEADER = 'X-Wallet-Signature';

/** What the wallet POSTs to the bot when a closure request changes state. */
export const ClosureStatusEvent = z.object({
  type: z.literal('closure_request.status_changed'),
  /** Unique per event; a retried delivery repeats it. */
  eventId: z.string().min(1).max(64),
  requestId: ClosureRequestId,
  status: ClosureStatus,
  previousStatus: ClosureStatus,
  occurredAt: isoDateTime,
});

// ---------------------------------------------------------------- errors

const errorBase = { message: z.string() };

/** Every error the API returns, discriminated by `code`; the envelope is `{ error: ApiError }`. */
export const ApiError = z.discriminatedUnion('code', [
  z.object({ code: z.literal('VALIDATION_ERROR'), ...errorBase }),
  z.object({ code: z.literal('IDEMPOTENCY_KEY_REQUIRED'), ...errorBase }),
  z.object({ code: z.literal('IDEMPOTENCY_KEY_REUSED'), ...errorBase }),
  z.object({ code: z.literal('INVALID_API_KEY'), ...errorBase }),
  z.object({ code: z.literal('UNAUTHORIZED'), ...errorBase }),
  z.object({ code: z.literal('TOKEN_EXPIRED'), ...errorBase }),
  z.object({ code: z.literal('FORBIDDEN'), ...errorBase }),
  z.object({ code: z.literal('ACCOUNT_NOT_FOUND'), ...errorBase }),
  z.object({ code: z.literal('CHALLENGE_NOT_FOUND'), ...errorBase }),
  z.object({ code: z.literal('CLOSURE_REQUEST_NOT_FOUND'), ...errorBase }),
  z.object({ code: z.literal('INVALID_CODE'), ...errorBase, attemptsLeft: z.number().int().min(0) }),
  z.object({
    code: z.literal('CHALLENGE_LOCKED'),
    ...errorBase,
    /** Seconds until the account may ask for a new code, when known. */
    retryAfterSeconds: z.number().int().min(0).optional(),
  }),
  z.object({ code: z.literal('CHALLENGE_EXPIRED'), ...errorBase }),
  z.object({ code: z.literal('CHALLENGE_USED'), ...errorBase }),
  z.object({ code: z.literal('RESEND_TOO_SOON'), ...errorBase, retryAfterSeconds: z.number().int().min(0) }),
  /** The account was sent as many codes as it may be in a while (texts are limited per account). */
  z.object({ code: z.literal('TOO_MANY_CODES'), ...errorBase, retryAfterSeconds: z.number().int().min(0) }),
  z.object({ code: z.literal('NOT_ELIGIBLE'), ...errorBase, blockers: z.array(Blocker) }),
  z.object({
    code: z.literal('CLOSURE_IN_PROGRESS'),
    ...errorBase,
    requestId: ClosureRequestId,
    status: ClosureStatus,
  }),
  z.object({ code: z.literal('NOT_CANCELLABLE'), ...errorBase, status: ClosureStatus }),
  z.object({ code: z.literal('INTERNAL'), ...errorBase }),
]);

export const ApiErrorEnvelope = z.object({ error: ApiError });

/** Any error body, for codes this client version does not know yet. */
export const LooseErrorEnvelope = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export type ApiErrorBody = z.infer<typeof ApiError>;
export type ApiErrorCode = ApiErrorBody['code'];

/** The HTTP status each error code is served with. */
export const API_ERROR_STATUS: Record<ApiErrorCode, number> = {
  VALIDATION_ERROR: 400,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  IDEMPOTENCY_KEY_REUSED: 422,
  INVALID_API_KEY: 401,
  UNAUTHORIZED: 401,
  TOKEN_EXPIRED: 401,
  FORBIDDEN: 403,
  ACCOUNT_NOT_FOUND: 404,
  CHALLENGE_NOT_FOUND: 404,
  CLOSURE_REQUEST_NOT_FOUND: 404,
  INVALID_CODE: 422,
  CHALLENGE_LOCKED: 423,
  CHALLENGE_EXPIRED: 410,
  CHALLENGE_USED: 409,
  RESEND_TOO_SOON: 429,
  TOO_MANY_CODES: 429,
  NOT_ELIGIBLE: 409,
  CLOSURE_IN_PROGRESS: 409,
  NOT_CANCELLABLE: 409,
  INTERNAL: 500,
};

// ---------------------------------------------------------------- types

export type Money = z.infer<typeof Money>;
export type Challenge = z.infer<typeof Challenge>;
export type Verification = z.infer<typeof Verification>;
export type LinkedAccount = z.infer<typeof LinkedAccount>;
export type BlockerCode = z.infer<typeof BlockerCode>;
export type Blocker = z.infer<typeof Blocker>;
export type ClosureEligibility = z.infer<typeof ClosureEligibility>;
export type ClosureStatus = z.infer<typeof ClosureStatus>;
export type FileClosureRequest = z.infer<typeof FileClosureRequest>;
export type ClosureRequestFiled = z.infer<typeof ClosureRequestFiled>;
export type ClosureRequest = z.infer<typeof ClosureRequest>;
export type ClosureRequestState = z.infer<typeof ClosureRequestState>;
export type ClosureStatusEvent = z.infer<typeof ClosureStatusEvent>;
