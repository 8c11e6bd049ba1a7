import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { BotRuntime } from '../bot/runtime';
import type { Locale } from '../knowledge/topicSchema';
import { redactText } from '../observability/redact';
import { clientAddress, jsonTooMany, limitRequests, RateLimits } from '../web/rateLimiter';
import type { AgentRole } from './agentAccounts';
import { CloseRequest, KnowledgeQuery, LoginRequest, MessageRequest } from './agentApiSchemas';
import { agentOpenApi } from './agentOpenApi';
import type { AgentSession } from './agentSessions';
import { HandoffConflict, type HandoffEvent } from './handoffService';
import { SignInThrottle } from './signInThrottle';
import type { HandoffCase } from './handoffTypes';

export const AGENT_API_PATH = '/agent/api';

export type AgentApiRuntime = Pick<BotRuntime, 'handoff' | 'agents' | 'agentSessions' | 'knowledge' | 'answers' | 'logger'>;

export interface AgentApiOptions {
  /** Requests one address may make per minute, and failed sign-ins. */
  requestsPerMinute?: number;
  failedSignInsPerMinute?: number;
}

const caseIdSchema = z.uuid();

/** Heartbeat on the event stream, so proxies keep it open and a dead agent page is noticed. */
const HEARTBEAT_MS = 25_000;
/** Knowledge answers offered to the agent for one conversation. */
const SUGGESTIONS = 3;

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type AuthedRequest = Request & { agent?: AgentSession };

/**
 * The agent desk's HTTP API (`/agent/api`, OpenAPI at `/agent/api/openapi.json`): sign in, the queue,
 * a conversation with its summary and masked transcript, claim, talk, hand back, close. The console
 * page uses it; another desk can too. Every route but sign-in and the document needs a Bearer token.
 */
export function agentApiRouter(runtime: AgentApiRuntime, options: AgentApiOptions = {}): Router {
  const { handoff, agents, agentSessions } = runtime;
  const router = express.Router();
  const requests = limitRequests(
    new RateLimits().limiter({ name: 'agent-api', points: options.requestsPerMinute ?? 1200, durationSeconds: 60 }),
    clientAddress,
    jsonTooMany('Too many requests from this address; try again shortly.'),
  );
  const signIns = new SignInThrottle(options.failedSignInsPerMinute ?? 10, 60_000);

  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(requests);
  router.use(express.json({ limit: '16kb' }));

  router.get('/openapi.json', (_req, res) => {
    res.json(agentOpenApi);
  });

  router.post('/login', async (req, res) => {
    const address = req.ip ?? 'unknown';
    const wait = signIns.wait(address);
    if (wait > 0) {
      res.set('Retry-After', String(wait));
      throw new ApiError(429, 'Too many failed sign-ins from this address; wait a minute.');
    }
    const { username, password } = parse(LoginRequest, req.body);
    const account = await agents.verify(username, password);
    if (!account) {
      signIns.fail(address);
      throw new ApiError(401, 'Wrong user name or password.');
    }
    const session = await agentSessions.open(account);
    res.json({ token: session.token, expiresAt: new Date(session.expiresAt).toISOString(), username: account.username, roles: account.roles });
  });

  router.use(async (req: AuthedRequest, res, next) => {
    const match = /^Bearer ([A-Za-z0-9_-]{20,128})$/.exec(req.get('authorization') ?? '');
    const session = match ? await agentSessions.find(match[1]!) : undefined;
    if (!session) {
      res.set('WWW-Authenticate', 'Bearer');
      res.status(401).json({ error: { status: 401, message: match ? 'The session has expired; sign in again.' : 'Sign in first (Authorization: Bearer <token>).' } });
      return;
    }
    req.agent = session;
    next();
  });

  router.post('/logout', async (req, res) => {
    await agentSessions.close(/^Bearer (.+)$/.exec(req.get('authorization') ?? '')![1]!);
    res.status(204).end();
  });

  router.get('/me', (req: AuthedRequest, res) => {
    const { username, roles, expiresAt } = req.agent!;
    res.json({ username, roles, expiresAt: new Date(expiresAt).toISOString() });
  });

  router.get('/queue', async (_req, res) => {
    res.json((await handoff.store.queue()).map(queueItem));
  });

  router.get('/conversations/:id', async (req, res) => {
    const handoffCase = await caseOf(req);
    const transcript = await handoff.store.transcript(handoffCase.conversationKey);
    const lastUserLines = transcript.filter((l) => l.sender === 'user').slice(-SUGGESTIONS).map((l) => l.text);
    res.json({
      ...queueItem(handoffCase),
      locale: handoffCase.locale,
      status: handoffCase.status,
      note: handoffCase.note,
      summary: handoffCase.summary,
      transcript,
      suggestions: suggest(runtime, lastUserLines.reverse(), handoffCase.locale),
      actions: await handoff.store.actions(handoffCase.id),
    });
  });

  router.post('/conversations/:id/claim', async (req: AuthedRequest, res) => {
    const claimed = await handoff.claim((await caseOf(req)).id, req.agent!.username);
    res.json(queueItem(claimed));
  });

  router.post('/conversations/:id/messages', async (req: AuthedRequest, res) => {
    const { text } = parse(MessageRequest, req.body);
    await handoff.agentMessage((await caseOf(req)).id, req.agent!.username, text);
    res.status(201).json({ sent: true });
  });

  router.post('/conversations/:id/typing', async (req: AuthedRequest, res) => {
    await handoff.agentTyping((await caseOf(req)).id, req.agent!.username);
    res.status(204).end();
  });

  router.post('/conversations/:id/release', async (req: AuthedRequest, res) => {
    await handoff.release((await caseOf(req)).id, req.agent!.username);
    res.json({ status: 'released' });
  });

  router.post('/conversations/:id/close', async (req: AuthedRequest, res) => {
    const { note } = parse(CloseRequest, req.body ?? {});
    await handoff.close((await caseOf(req)).id, req.agent!.username, redactText(note));
    res.json({ status: 'closed' });
  });

  router.get('/knowledge', (req, res) => {
    const { q, locale } = parse(KnowledgeQuery, req.query);
    res.json(suggest(runtime, [q], locale));
  });

  router.get('/ratings', requireRole('lead'), async (_req, res) => {
    res.json(await handoff.store.ratingsByAgent());
  });

  /** Server-sent events: `queue` when a case changes, `transcript` when its conversation gets a line. */
  router.get('/events', (req, res) => {
    res.set({ 'Content-Type': 'text/event-stream', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    res.write(': connected\n\n');
    const onEvent = (event: HandoffEvent) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    handoff.events.on('event', onEvent);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      handoff.events.off('event', onEvent);
    });
  });

  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (err instanceof ApiError || err instanceof HandoffConflict) {
      res.status(err.status).json({ error: { status: err.status, message: err.message } });
      return;
    }
    next(err);
  });

  async function caseOf(req: Request): Promise<HandoffCase> {
    const id = caseIdSchema.safeParse(req.params['id']);
    const handoffCase = id.success ? await handoff.store.get(id.data) : undefined;
    if (!handoffCase) throw new ApiError(404, 'No such conversation.');
    return handoffCase;
  }

  return router;
}


function requireRole(role: AgentRole) {
  return (req: AuthedRequest, res: Response, next: NextFunction) => {
    if (req.agent?.roles.includes(role)) return next();
    res.status(403).json({ error: { status: 403, message: `Only a ${role} may see this.` } });
  };
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ApiError(400, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

function queueItem(c: HandoffCase) {
  return {
    id: c.id,
    channel: c.channel,
    urgent: c.urgent,
    reason: c.reason,
    waitingSince: c.waitingSince,
    claimedBy: c.claimedBy,
    locale: c.locale,
    status: c.status,
    outsideHours: c.outsideHours,
  };
}

/** Knowledge answers for the person's last messages, in the person's language, ready to insert. */
function suggest(runtime: Pick<AgentApiRuntime, 'answers' | 'knowledge'>, texts: string[], locale: Locale | undefined) {
  const seen = new Set<string>();
  const suggestions: { topicId: string; title: string; text: string }[] = [];
  for (const text of texts) {
    const result = runtime.answers.answer(text, locale ? { locale } : {});
    for (const source of result.sources) {
      const topic = runtime.knowledge.get(source.id, locale ?? result.locale);
      if (!topic || seen.has(topic.id)) continue;
      seen.add(topic.id);
      suggestions.push({ topicId: topic.id, title: topic.title, text: topic.body });
      if (suggestions.length >= SUGGESTIONS) return suggestions;
    }
  }
  return suggestions;
}
