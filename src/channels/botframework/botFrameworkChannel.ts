import express, { type ErrorRequestHandler } from 'express';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { z } from 'zod';
import type { BotRuntime } from '../../bot/runtime';
import { localeSchema } from '../directline/schemas';
import { nestsDeeperThan } from '../jsonDepth';
import { clientAddress, jsonTooMany, LIMITS, rateLimitsFor } from '../../web/rateLimiter';
import { createTeamsChannel, TEAMS_CHANNEL_ID, type TeamsChannel } from '../teams/teamsChannel';
import { botFrameworkAuthConfig } from './authentication';
import { isLoopbackUrl } from './loopback';

/**
 * Without credentials every conversation that arrives here is the Emulator's, whatever channelId it
 * claims: state keys (`<channelId>/conversations/<id>`) and conversation references then never name
 * a Direct Line or WeChat conversation.
 */
export const UNAUTHENTICATED_CHANNEL_ID = 'emulator';

export const MAX_ACTIVITY_BYTES = 256 * 1024;

/** What botbuilder needs of an incoming activity to run a turn and reply; the rest passes through. */
const incomingActivitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  // WeChat conversations are keyed by channel `wechat`; only signed pushes to /wechat may address them.
  channelId: z.string().min(1).max(64).refine((id) => id !== 'wechat', 'channel "wechat" is served at /wechat only'),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
  conversation: z.looseObject({ id: z.string().min(1).max(512) }),
  from: z.looseObject({ id: z.string().min(1).max(512) }),
  locale: localeSchema.optional(),
  text: z.string().max(20_000).optional(),
});

type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/** CloudAdapter whose turn can run on a request this module has already authenticated. */
export class BotFrameworkAdapter extends CloudAdapter {
  runAuthenticated(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

export interface BotFrameworkChannel {
  adapter: BotFrameworkAdapter;
  /** Whether Bot Framework authentication is on (MICROSOFT_APP_ID set). */
  authenticated: boolean;
  /** Teams' own Application and adapter, for activities whose channelId is msteams (authenticated only). */
  teams: TeamsChannel;
}

/**
 * The Bot Framework channel: Azure Bot Service, Teams and the Emulator POST activities to
 * /api/messages (credentials from ./authentication). With MICROSOFT_APP_ID botbuilder's channel authentication decides; without it
 * (Emulator mode, development only) the conversation is namespaced and replies go to loopback only.
 */
export function createBotFrameworkAuthentication(config: BotRuntime['config']): ConfigurationBotFrameworkAuthentication {
  const { settings, credentials } = botFrameworkAuthConfig(config);
  return new ConfigurationBotFrameworkAuthentication(settings, credentials);
}

export function createCloudAdapter(
  runtime: Pick<BotRuntime, 'config' | 'bot'>,
  auth = createBotFrameworkAuthentication(runtime.config),
): BotFrameworkAdapter {
  const adapter = new BotFrameworkAdapter(auth);
  adapter.onTurnError = (context, error) => runtime.bot.handleTurnError(context, error);
  return adapter;
}

export function mountBotFrameworkChannel(app: express.Express, runtime: BotRuntime): BotFrameworkChannel | undefined {
  const { config, logger } = runtime;
  if (config.BOT_FRAMEWORK_ENDPOINT === 'off') return undefined;
  const auth = createBotFrameworkAuthentication(config);
  const adapter = createCloudAdapter(runtime, auth);
  const teams = createTeamsChannel(runtime);
  const authenticated = Boolean(config.MICROSOFT_APP_ID);
  const perConversation = rateLimitsFor(runtime).limiter(LIMITS.perConversation(config.CONVERSATION_MESSAGES_PER_MINUTE));
  const refuse = (res: express.Response, status: number, message: string) => res.status(status).json({ error: { status, message } });

  app.post('/api/messages', express.json({ limit: MAX_ACTIVITY_BYTES }), async (req, res) => {
    if (nestsDeeperThan(req.body)) return refuse(res, 400, 'Not a Bot Framework activity: it nests too deeply.');
    const parsed = incomingActivitySchema.safeParse(req.body);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      return refuse(res, 400, `Not a Bot Framework activity: ${message}`);
    }
    const activity = parsed.data as unknown as Activity;
    if (!authenticated) {
      // Development only: never call a host the request names (SSRF), never act in another channel's conversation.
      if (!isLoopbackUrl(activity.serviceUrl)) {
        logger.warn({ client: clientAddress(req) }, 'api/messages: refused a non-loopback serviceUrl without credentials');
        return refuse(res, 400, 'Without Bot Framework credentials replies go only to a loopback serviceUrl (the Emulator on this machine).');
      }
      activity.channelId = UNAUTHENTICATED_CHANNEL_ID;
    }

    let authResult: AuthenticateRequestResult;
    try {
      authResult = await auth.authenticateRequest(activity, req.get('authorization') ?? '');
    } catch (err) {
      logger.warn({ reason: err instanceof Error ? err.message : String(err), client: clientAddress(req) }, 'api/messages: token not valid');
      return refuse(res, 401, 'The Bot Framework token could not be validated.');
    }

    const conversationKey = `${activity.channelId}/${activity.conversation.id}`;
    const wait = await perConversation.take(conversationKey);
    if (wait > 0) return jsonTooMany('Too many messages in this conversation; wait a moment.')(res, wait);

    try {
      // One turn at a time per conversation (across instances with Redis): concurrent taps must not both act on one dialog state.
      // Teams through its Application (cards, citations, mentions); without credentials nothing is Teams (see above).
      const invoke = await runtime.scaleout.turns.run(conversationKey, () =>
        activity.channelId === TEAMS_CHANNEL_ID
          ? teams.adapter.runAuthenticated(authResult, activity, teams.run)
          : adapter.runAuthenticated(authResult, activity, (context) => runtime.bot.run(context)),
      );
      res.status(invoke?.status ?? 200);
      if (invoke?.body !== undefined) res.json(invoke.body);
      else res.end();
    } catch (err) {
      // botbuilder's error text names hosts and paths: log it once, tell the caller only what failed.
      logger.error({ reason: err instanceof Error ? err.message : String(err), conversation: conversationKey }, 'api/messages: the turn or its reply failed');
      if (authenticated) return refuse(res, 502, 'The reply could not be delivered to the channel.');
      refuse(res, 400, 'The reply could not be delivered to the serviceUrl given.');
    }
  });
  app.use('/api/messages', botFrameworkErrors);
  return { adapter, authenticated, teams };
}

/** Body-parser errors as a JSON reason (the app's handler would do too; this keeps the endpoint's own wording). */
const botFrameworkErrors: ErrorRequestHandler = (err, _req, res, next) => {
  const type = (err as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large') return res.status(413).json({ error: { status: 413, message: `The activity is larger than ${MAX_ACTIVITY_BYTES / 1024} KB.` } });
  if (type === 'entity.parse.failed') return res.status(400).json({ error: { status: 400, message: 'The activity is not valid JSON.' } });
  next(err);
};
