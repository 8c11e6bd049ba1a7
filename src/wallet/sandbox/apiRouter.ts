import { timingSafeEqual } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { buildOpenApiDocument } from '../openapi';
import { expressPath, operations, type OperationId } from '../operations';
import * as s from '../schemas';
import { SandboxApiError } from './apiError';
import type { FaultInjector } from './faults';
import type { SandboxStore } from './store';

/** The wallet API (/v1/...) and its OpenAPI document, as served under /sandbox/wallet. */

export interface ApiRouterOptions {
  store: SandboxStore;
  faults: FaultInjector;
  logger: Logger;
  /** When set, every /v1 call must send it as X-Api-Key. */
  apiKey?: string;
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const where = result.error.issues.map((i) => i.path.join('.') || '(body)').join(', ');
    throw new SandboxApiError({ code: 'VALIDATION_ERROR', message: `invalid request: ${where}` });
  }
  return result.data;
}

function bearer(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  return match?.[1];
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createApiRouter({ store, faults, logger, apiKey }: ApiRouterOptions): Router {
  const router = express.Router();

  router.get('/openapi.json', (req, res) => {
    res.json(buildOpenApiDocument({ serverUrl: `${req.protocol}://${req.get('host')}${req.baseUrl}` }));
  });

  router.use('/v1', express.json({ limit: '16kb' }));
  router.use('/v1', (req, _res, next) => {
    if (apiKey && !sameSecret(req.get('x-api-key') ?? '', apiKey)) {
      throw new SandboxApiError({ code: 'INVALID_API_KEY', message: 'missing or wrong X-Api-Key' });
    }
    next();
  });

  /** The token's account, which must be the one in the path when there is one. */
  const authorize = (req: Request): string => {
    const accountId = store.authenticate(bearer(req));
    const pathAccount = req.params.accountId;
    if (typeof pathAccount === 'string' && pathAccount !== accountId) {
      throw new SandboxApiError({ code: 'FORBIDDEN', message: 'token was issued for another account' });
    }
    return accountId;
  };

  const route = (id: OperationId, handler: RequestHandler) => {
    router[operations[id].method](expressPath(id), faults.middleware(id), handler);
  };
  const param = (req: Request, name: string): string => String(req.params[name] ?? '');

  route('createChallenge', (req, res) => {
    const body = parse(s.CreateChallengeRequest, req.body);
    res.status(201).json(store.createChallenge(body.accountRef));
  });

  route('resendChallenge', (req, res) => {
    res.status(200).json(store.resendChallenge(param(req, 'challengeId')));
  });

  route('verifyChallenge', (req, res) => {
    const body = parse(s.VerifyChallengeRequest, req.body);
    const key = req.get('idempotency-key');
    res.status(200).json(store.verifyChallenge(param(req, 'challengeId'), body.code, key === undefined ? undefined : parse(s.IdempotencyKey, key)));
  });

  route('getClosureEligibility', (req, res) => {
    res.status(200).json(store.eligibility(authorize(req)));
  });

  route('fileClosureRequest', (req, res) => {
    const accountId = authorize(req);
    const key = req.get('idempotency-key');
    if (!key) throw new SandboxApiError({ code: 'IDEMPOTENCY_KEY_REQUIRED', message: 'Idempotency-Key header required' });
    const idempotencyKey = parse(s.IdempotencyKey, key);
    const body = parse(s.FileClosureRequest, req.body ?? {});
    const result = store.fileClosureRequest(accountId, idempotencyKey, body);
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    res.status(result.status).json(result.body);
  });

  route('listClosureRequests', (req, res) => {
    const accountId = authorize(req);
    const query = parse(s.ListClosureRequestsQuery, req.query);
    res.status(200).json({ requests: store.listClosureRequests(accountId, query.limit) });
  });

  route('getClosureRequest', (req, res) => {
    res.status(200).json(store.getClosureRequest(authorize(req), param(req, 'requestId')));
  });

  route('cancelClosureRequest', (req, res) => {
    res.status(200).json(store.cancelClosureRequest(authorize(req), param(req, 'requestId')));
  });

  // Guarded by the service key (checked for every /v1 call above when the sandbox has one).
  route('getClosureRequestState', (req, res) => {
    res.status(200).json(store.getClosureRequestState(param(req, 'requestId')));
  });

  router.use(apiErrorHandler(logger));
  return router;
}

/** Every failure leaves as `{ error: { code, message, ... } }`, never an HTML page. */
function apiErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    let error: SandboxApiError;
    if (err instanceof SandboxApiError) {
      error = err;
    } else if (isBodyParserError(err)) {
      error = new SandboxApiError({ code: 'VALIDATION_ERROR', message: 'request path or body is not valid (UTF-8 JSON within 16 KB)' });
    } else {
      logger.error({ err }, 'sandbox wallet handler failed');
      error = new SandboxApiError({ code: 'INTERNAL', message: 'internal error' });
    }
    if (res.headersSent) return;
    if (error.body.code === 'RESEND_TOO_SOON' || error.body.code === 'TOO_MANY_CODES') res.set('Retry-After', String(error.body.retryAfterSeconds));
    res.status(error.status).json({ error: error.body });
  };
}

/** Body-parser's refusals (bad JSON, too large, a charset it cannot read) and undecodable paths: the caller's fault. */
function isBodyParserError(err: unknown): boolean {
  if (err instanceof URIError) return true;
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
