import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import { isDatabaseUnavailable } from '../../storage/databaseErrors';
import { nestsDeeperThan } from '../jsonDepth';
import { assertConversationAccess, authenticate, type DirectLineAuth } from './auth';
import { openCors } from './cors';
import type { DirectLineChannel } from './directLineChannel';
import { DirectLineError, sendError } from './errors';
import { newConversationId, newUserId } from './ids';
import {
  describeIssue,
  generateTokenBodySchema,
  incomingActivitySchema,
  startConversationBodySchema,
} from './schemas';
import { publicBaseUrl, streamUrlFor } from './streamUrl';
import { formatWatermark, nextWatermark, parseWatermark } from './watermark';
import type { Limiter } from '../../web/rateLimiter';

/** Largest activity accepted, as JSON. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;
/**
 * How long POST /activities waits for the bot's turn before answering anyway. Web Chat marks a
 * message failed if the POST takes over 20 s; replies arrive on the stream regardless.
 */
export const TURN_WAIT_MS = 10_000;

export interface DirectLineRouterOptions {
  /** PUBLIC_URL, when set; stream URLs are built from it instead of the request. */
  publicUrl?: string;
  turnWaitMs?: number;
  /** Messages per conversation (typing indicators are not counted). */
  conversationLimiter?: Limiter;
}

/** The Direct Line 3.0 REST API (mounted at /v3/directline). */
export function directLineRouter(channel: DirectLineChannel, options: DirectLineRouterOptions = {}): Router {
  const router = express.Router();
  const { tokens } = channel;
  const json = express.json({ limit: MAX_ACTIVITY_BYTES, type: () => true });
  const turnWaitMs = options.turnWaitMs ?? TURN_WAIT_MS;

  router.use(openCors());

  router.post('/tokens/generate', json, async (req, res) => {
    const auth = await authenticate(req.get('authorization'), tokens);
    const body = parseBody(generateTokenBodySchema, req.body);
    const conversationId = auth.kind === 'token' ? auth.claims.conversationId : newConversationId();
    const userId = auth.kind === 'token' ? auth.claims.userId : (body.user?.id ?? newUserId());
    const { token, expiresIn } = await tokens.issue(conversationId, userId);
    res.json({ conversationId, token, expires_in: expiresIn });
  });

  router.post('/tokens/refresh', async (req, res) => {
    const auth = await authenticate(req.get('authorization'), tokens);
    if (auth.kind !== 'token') throw new DirectLineError(400, 'BadArgument', 'Refresh a token; the secret does not expire.');
    const { token, expiresIn } = await tokens.issue(auth.claims.conversationId, auth.claims.userId);
    res.json({ conversationId: auth.claims.conversationId, token, expires_in: expiresIn });
  });

  router.post('/conversations', json, async (req, res) => {
    const auth = await authenticate(req.get('authorization'), tokens);
    const body = parseBody(startConversationBodySchema, req.body);
    const { conversation, created } = await channel.ensureStarted({
      conversationId: auth.kind === 'token' ? auth.claims.conversationId : newConversationId(),
      userId: auth.kind === 'token' ? auth.claims.userId : (body.user?.id ?? newUserId()),
      ...(body.user?.name ? { userName: body.user.name } : {}),
      ...(body.locale ? { locale: body.locale } : {}),
    });
    const { token, expiresIn } = await tokens.issue(conversation.id, conversation.userId);
    const stream = await tokens.issue(conversation.id, conversation.userId, 'stream');
    // No watermark: the stream replays the conversation from its start (the welcome included).
    res.status(created ? 201 : 200).json({
      conversationId: conversation.id,
      token,
      expires_in: expiresIn,
      streamUrl: streamUrlFor(publicBaseUrl(req, options.publicUrl), conversation.id, stream.token),
    });
  });

  router.get('/conversations/:conversationId', async (req, res) => {
    const conversationId = req.params['conversationId'] ?? '';
    const auth = await authenticate(req.get('authorization'), tokens);
    assertConversationAccess(auth, conversationId);
    const watermark = parseWatermark(req.query['watermark']);
    const conversation = await loadConversation(channel, auth, conversationId);
    // Azure: with a watermark the stream replays from it; without one, only what comes after now.
    const from = Math.min(watermark ?? conversation.lastSeq, conversation.lastSeq);
    const { token, expiresIn } = await tokens.issue(conversation.id, conversation.userId);
    const stream = await tokens.issue(conversation.id, conversation.userId, 'stream');
    res.json({
      conversationId: conversation.id,
      token,
      expires_in: expiresIn,
      streamUrl: streamUrlFor(publicBaseUrl(req, options.publicUrl), conversation.id, stream.token, from),
    });
  });

  router.post('/conversations/:conversationId/activities', json, async (req, res) => {
    const conversationId = req.params['conversationId'] ?? '';
    const auth = await authenticate(req.get('authorization'), tokens);
    assertConversationAccess(auth, conversationId);
    if (isEmptyBody(req.body)) throw new DirectLineError(400, 'MissingProperty', 'The request body must be an activity (JSON).');
    if (nestsDeeperThan(req.body)) throw new DirectLineError(400, 'BadArgument', 'The activity nests too deeply.');
    const activity = parseBody(incomingActivitySchema, req.body);
    if (activity.type !== 'typing' && options.conversationLimiter) {
      const wait = await options.conversationLimiter.take(`directline/${conversationId}`);
      if (wait > 0) {
        res.set('Retry-After', String(wait));
        throw new DirectLineError(429, 'TooManyRequests', 'Too many messages in this conversation; wait a moment.');
      }
    }
    let received: Awaited<ReturnType<DirectLineChannel['receive']>>;
    try {
      const conversation = await loadConversation(channel, auth, conversationId);
      const from =
        auth.kind === 'token'
          ? { id: auth.claims.userId }
          : { id: activity.from?.id ?? conversation.userId, ...(activity.from?.name ? { name: activity.from.name } : {}) };
      received = await channel.receive(conversation, activity, from);
    } catch (err) {
      // The message was not taken in: the person is told on their open stream, the client (503) that it may send again.
      if (isDatabaseUnavailable(err) && activity.type === 'message') await channel.tellStorageDown(conversationId, activity.locale);
      throw err;
    }
    const { id, turn } = received;
    const outcome = await settleWithin(turn, turnWaitMs);
    if (outcome.failed) {
      channel.logger.error({ err: outcome.error, conversation: conversationId }, 'directline: the bot failed on an activity');
      throw new DirectLineError(502, 'BotError', 'The bot could not handle the activity.');
    }
    res.json({ id });
  });

  router.get('/conversations/:conversationId/activities', async (req, res) => {
    const conversationId = req.params['conversationId'] ?? '';
    const auth = await authenticate(req.get('authorization'), tokens);
    assertConversationAccess(auth, conversationId);
    const after = parseWatermark(req.query['watermark']) ?? 0;
    const conversation = await loadConversation(channel, auth, conversationId);
    const stored = await channel.store.listAfter(conversationId, after);
    const watermark = nextWatermark(
      after,
      stored.map((s) => s.seq),
      conversation.lastSeq,
    );
    res.json({ activities: stored.map((s) => s.activity), watermark: formatWatermark(watermark) });
  });

  // Files are not something this bot can use, and identity documents must not be collected here.
  router.post('/conversations/:conversationId/upload', async (req, res) => {
    const conversationId = req.params['conversationId'] ?? '';
    const auth = await authenticate(req.get('authorization'), tokens);
    assertConversationAccess(auth, conversationId);
    res.set('Connection', 'close');
    throw new DirectLineError(415, 'UploadNotSupported', 'This bot does not accept file uploads; describe the problem in a message instead.');
  });

  router.use((_req, _res) => {
    throw new DirectLineError(404, 'NotFound', 'No such Direct Line endpoint.');
  });

  router.use(directLineErrorHandler(channel));
  return router;
}

/** With a token, the conversation it names is started on first use; the secret needs an existing one. */
async function loadConversation(channel: DirectLineChannel, auth: DirectLineAuth, conversationId: string) {
  const existing = await channel.store.get(conversationId);
  if (existing) return existing;
  if (auth.kind === 'token') return (await channel.ensureStarted({ conversationId, userId: auth.claims.userId })).conversation;
  throw new DirectLineError(404, 'NotFound', 'No such conversation.');
}

/** body-parser reads an empty body as {} when a Content-Length was sent, undefined when none was. */
function isEmptyBody(body: unknown): boolean {
  return body === undefined || (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0);
}

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new DirectLineError(400, 'BadArgument', describeIssue(parsed.error));
  return parsed.data;
}

type Settled = { failed: false } | { failed: true; error: unknown };

/** The turn's outcome if it ends within `ms`; otherwise "not failed" (it keeps running, and logs its own failure). */
function settleWithin(turn: Promise<void>, ms: number): Promise<Settled> {
  const settled = turn.then(
    (): Settled => ({ failed: false }),
    (error: unknown): Settled => ({ failed: true, error }),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled>((resolve) => {
    timer = setTimeout(() => resolve({ failed: false }), ms);
  });
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer));
}

/** Body-parser and route errors as Direct Line's `{ error: { code, message } }`, never an HTML page. */
function directLineErrorHandler(channel: DirectLineChannel): ErrorRequestHandler {
  const refuse = (req: Request, res: Response, error: DirectLineError) => {
    // One structured line per refusal, never a stack trace: refusals are expected traffic.
    channel.logger.info({ status: error.status, errorCode: error.code, reason: error.message, path: req.path }, 'directline: request refused');
    sendError(res, error);
  };
  return (err: unknown, req: Request, res, _next) => {
    if (err instanceof DirectLineError) return refuse(req, res, err);
    const type = typeof err === 'object' && err !== null ? (err as { type?: unknown }).type : undefined;
    if (type === 'entity.too.large') {
      return refuse(req, res, new DirectLineError(413, 'MessageSizeTooBig', `The activity is larger than ${MAX_ACTIVITY_BYTES / 1024} KB.`));
    }
    if (type === 'entity.parse.failed') return refuse(req, res, new DirectLineError(400, 'BadSyntax', 'The request body is not valid JSON.'));
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      return refuse(req, res, new DirectLineError(415, 'BadArgument', 'Send the body as UTF-8 JSON.'));
    }
    if (err instanceof URIError) return refuse(req, res, new DirectLineError(400, 'BadArgument', 'The path is not valid percent-encoded UTF-8.'));
    if (isDatabaseUnavailable(err)) {
      channel.logger.warn({ reason: err instanceof Error ? err.message : String(err), path: req.path }, 'directline: database unreachable');
      res.set('Retry-After', '5');
      return sendError(res, new DirectLineError(503, 'ServiceUnavailable', 'The bot cannot reach its database just now; send it again in a moment.'));
    }
    channel.logger.error({ err }, 'directline: request failed');
    sendError(res, new DirectLineError(500, 'ServiceError', 'Internal error.'));
  };
}
