import type { z } from 'zod';
import * as s from './schemas';

/**
 * The API's operations in one table: method, path, bodies, success status and the error codes each
 * may return. The OpenAPI document, the sandbox's routes and the client's URLs all read from here,
 * so a path cannot drift between them.
 */

export type HttpMethod = 'get' | 'post';

export interface OperationSpec {
  method: HttpMethod;
  /** OpenAPI-style path relative to the API base, with {params}. */
  path: string;
  summary: string;
  /**
   * 'bearer' operations need the verification token from verifyChallenge; 'service' ones are the
   * bot's own server-to-server calls and need the service key (X-Api-Key), never a person's token.
   */
  auth: 'none' | 'bearer' | 'service';
  /** Whether the operation takes an Idempotency-Key header, and must have one. */
  idempotencyKey?: 'required' | 'optional';
  query?: z.ZodObject;
  body?: z.ZodType;
  success: { status: number; schema: z.ZodType; description: string };
  errors: readonly s.ApiErrorCode[];
}

const common = ['VALIDATION_ERROR', 'INVALID_API_KEY', 'INTERNAL'] as const;
const authed = [...common, 'UNAUTHORIZED', 'TOKEN_EXPIRED', 'FORBIDDEN'] as const;

export const operations = {
  createChallenge: {
    method: 'post',
    path: '/v1/identity/challenges',
    summary: 'Send a one-time code to the phone registered for an account.',
    auth: 'none',
    body: s.CreateChallengeRequest,
    success: { status: 201, schema: s.Challenge, description: 'Code sent.' },
    errors: [...common, 'ACCOUNT_NOT_FOUND', 'CHALLENGE_LOCKED', 'TOO_MANY_CODES'],
  },
  resendChallenge: {
    method: 'post',
    path: '/v1/identity/challenges/{challengeId}/resend',
    summary: 'Send a new code for the challenge after the cool-down; the previous code stops working.',
    auth: 'none',
    success: { status: 200, schema: s.Challenge, description: 'New code sent.' },
    errors: [...common, 'CHALLENGE_NOT_FOUND', 'CHALLENGE_LOCKED', 'CHALLENGE_USED', 'RESEND_TOO_SOON', 'TOO_MANY_CODES'],
  },
  verifyChallenge: {
    method: 'post',
    path: '/v1/identity/challenges/{challengeId}/verify',
    summary: 'Check the code; on success returns a verification token bound to the account.',
    auth: 'none',
    body: s.VerifyChallengeRequest,
    idempotencyKey: 'optional',
    success: { status: 200, schema: s.Verification, description: 'Verified.' },
    errors: [...common, 'CHALLENGE_NOT_FOUND', 'INVALID_CODE', 'CHALLENGE_LOCKED', 'CHALLENGE_EXPIRED', 'CHALLENGE_USED'],
  },
  getClosureEligibility: {
    method: 'get',
    path: '/v1/accounts/{accountId}/closure-eligibility',
    summary: 'Whether the account can be closed now, and what blocks it.',
    auth: 'bearer',
    success: { status: 200, schema: s.ClosureEligibility, description: 'Eligibility.' },
    errors: [...authed, 'ACCOUNT_NOT_FOUND'],
  },
  fileClosureRequest: {
    method: 'post',
    path: '/v1/accounts/{accountId}/closure-requests',
    summary: 'File a closure request; a confirmation email is sent. Idempotent per Idempotency-Key.',
    auth: 'bearer',
    idempotencyKey: 'required',
    body: s.FileClosureRequest,
    success: { status: 201, schema: s.ClosureRequestFiled, description: 'Filed (or the stored response replayed).' },
    errors: [
      ...authed,
      'ACCOUNT_NOT_FOUND',
      'IDEMPOTENCY_KEY_REQUIRED',
      'IDEMPOTENCY_KEY_REUSED',
      'NOT_ELIGIBLE',
      'CLOSURE_IN_PROGRESS',
    ],
  },
  listClosureRequests: {
    method: 'get',
    path: '/v1/accounts/{accountId}/closure-requests',
    summary: "The account's closure requests, newest first (limit=1 for the latest).",
    auth: 'bearer',
    query: s.ListClosureRequestsQuery,
    success: { status: 200, schema: s.ClosureRequestList, description: 'Requests, newest first.' },
    errors: [...authed, 'ACCOUNT_NOT_FOUND'],
  },
  getClosureRequest: {
    method: 'get',
    path: '/v1/closure-requests/{requestId}',
    summary: 'One closure request.',
    auth: 'bearer',
    success: { status: 200, schema: s.ClosureRequest, description: 'The request.' },
    errors: [...authed, 'CLOSURE_REQUEST_NOT_FOUND'],
  },
  cancelClosureRequest: {
    method: 'post',
    path: '/v1/closure-requests/{requestId}/cancel',
    summary: 'Cancel a request still awaiting email confirmation; cancelling a cancelled request is a no-op.',
    auth: 'bearer',
    success: { status: 200, schema: s.ClosureRequest, description: 'Cancelled.' },
    errors: [...authed, 'CLOSURE_REQUEST_NOT_FOUND', 'NOT_CANCELLABLE'],
  },
  getClosureRequestState: {
    method: 'get',
    path: '/v1/service/closure-requests/{requestId}',
    summary:
      "Where a closure request stands, for the bot's status poller: the status only. Server-to-server: authorised by the service key alone, no verification token.",
    auth: 'service',
    success: { status: 200, schema: s.ClosureRequestState, description: 'The request\'s status.' },
    errors: [...common, 'CLOSURE_REQUEST_NOT_FOUND'],
  },
} as const satisfies Record<string, OperationSpec>;

export type OperationId = keyof typeof operations;

export const OPERATION_IDS = Object.keys(operations) as OperationId[];

/** Fills {params} in an operation's path, URL-encoding each value. */
export function operationPath(id: OperationId, params: Record<string, string> = {}): string {
  return operations[id].path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${id}`);
    return encodeURIComponent(value);
  });
}

/** The same path in express syntax ({id} -> :id). */
export function expressPath(id: OperationId): string {
  return operations[id].path.replace(/\{(\w+)\}/g, ':$1');
}
