import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import type { BotRuntime } from './bot/runtime';
import { mountBotFrameworkChannel } from './channels/botframework/botFrameworkChannel';
import { attachDirectLineStream, directLineChannel, mountDirectLine } from './channels/directline';
import { DirectLineDelivery } from './channels/directline/directLineDelivery';
import { mountWeChat, WECHAT_PATH, wechatChannel } from './channels/wechat';
import { startActivityRetention } from './channels/directline/retention';
import { BOT_FRAMEWORK_CHANNELS, BotFrameworkDelivery } from './channels/botframework/botFrameworkDelivery';
import { TEAMS_CHANNEL_ID } from './channels/teams/teamsChannel';
import { AGENT_API_PATH, agentApiRouter } from './handoff/agentApi';
import { consoleRouter } from './handoff/console/consoleRouter';
import { answerRouter } from './knowledge/answerRoute';
import { metricsRouter } from './observability/metrics';
import { databaseProbe, readinessRoute, redisProbe } from './observability/readiness';
import { SANDBOX_MOUNT_PATH } from './wallet/sandbox/sandboxWallet';
import { mountWebWidget } from './web';
import { SECURITY_HEADERS } from './web/csp';
import { clientAddress, jsonTooMany, LIMITS, limitRequests, rateLimitsFor } from './web/rateLimiter';

export interface RunningServer {
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

/** The one HTTP app: every channel, the answer API, health and metrics on one port. */
export function createApp(runtime: BotRuntime): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Forwarded headers name the client only when they come from a proxy the operator trusts.
  app.set('trust proxy', trustProxySetting(runtime.config.TRUST_PROXY));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const limits = rateLimitsFor(runtime);
  // Before the per-client limit: probes come from one address, and a 429 would read as "not ready".
  // The route itself runs its probes at most once a second.
  const redis = runtime.scaleout.link;
  app.get('/readyz', readinessRoute([databaseProbe(runtime.database), ...(redis ? [redisProbe(redis.client)] : [])]));
  app.use(
    limitRequests(
      limits.limiter(LIMITS.perClient(runtime.config.RATE_LIMIT_PER_MINUTE)),
      // /wechat has its own per-address budget: WeChat relays every follower from a few addresses.
      (req) => (req.path.startsWith(WECHAT_PATH) ? undefined : clientAddress(req)),
      jsonTooMany('Too many requests from this address; try again shortly.'),
    ),
  );
  app.use(metricsRouter());
  app.use(
    '/api/answer',
    limitRequests(
      limits.limiter(LIMITS.answers(runtime.config.ANSWER_REQUESTS_PER_MINUTE)),
      (req) => (req.method === 'POST' ? clientAddress(req) : undefined),
      jsonTooMany('Too many questions from this address; try again shortly.'),
    ),
    answerRouter(runtime),
  );
  // BOT_FRAMEWORK_ENDPOINT=off: no Bot Framework channel, so nothing to deliver through either.
  const botFramework = mountBotFrameworkChannel(app, runtime);
  if (botFramework) {
    // Teams conversations are continued on Teams' own adapter (same credentials, Teams AI's user agent).
    if (!runtime.deliveries.has(TEAMS_CHANNEL_ID)) {
      runtime.deliveries.register(new BotFrameworkDelivery(TEAMS_CHANNEL_ID, botFramework.teams.adapter, runtime.config.MICROSOFT_APP_ID ?? ''));
    }
    for (const channelId of BOT_FRAMEWORK_CHANNELS) {
      if (!runtime.deliveries.has(channelId)) {
        runtime.deliveries.register(new BotFrameworkDelivery(channelId, botFramework.adapter, runtime.config.MICROSOFT_APP_ID ?? ''));
      }
    }
  }
  runtime.deliveries.register(new DirectLineDelivery(mountDirectLine(app, runtime)));
  const wechat = mountWeChat(app, runtime);
  if (wechat) runtime.deliveries.register(wechat.delivery);
  mountWebWidget(app, runtime);
  app.use(AGENT_API_PATH, agentApiRouter(runtime));
  app.use('/agent', consoleRouter(runtime.config.DEFAULT_LOCALE));
  if (runtime.sandbox) {
    app.use(SANDBOX_MOUNT_PATH, (_req, res, next) => {
      res.set({ ...SECURITY_HEADERS, 'Content-Security-Policy': SANDBOX_CSP });
      next();
    });
    app.use(SANDBOX_MOUNT_PATH, runtime.sandbox.router);
  }

  app.use((req, res) => {
    res.status(404).json({ error: { status: 404, message: `Nothing answers ${req.method} ${req.path} here.` } });
  });
  app.use(jsonErrorHandler(runtime));
  return app;
}

/** The sandbox's pages are plain HTML with one inline stylesheet and no script. */
const SANDBOX_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** TRUST_PROXY as express reads it: unset trusts no proxy; `true`/`false`, a hop count, or addresses/subnets. */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Turns body-parser and route errors into a 4xx/5xx JSON reason instead of an HTML stack page. */
function jsonErrorHandler(runtime: BotRuntime): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
    if (status >= 500) runtime.logger.error({ err }, 'request failed');
    else runtime.logger.info({ status, reason: String(err?.message ?? err), path: req.path }, 'request refused');
    const reason =
      err?.type === 'entity.too.large'
        ? 'Request body is too large.'
        : err?.type === 'entity.parse.failed'
          ? 'Request body is not valid JSON.'
          : status >= 500
            ? 'Internal error.'
            : err instanceof URIError
              ? 'The path is not valid percent-encoded UTF-8.'
              : String(err?.message ?? 'Bad request.');
    if (!res.headersSent) res.status(status).json({ error: { status, message: reason } });
  };
}

export interface ServerOptions {
  /** How long a shutdown waits for requests and turns in flight before cutting them (default 10 s). */
  drainMs?: number;
}

/** Starts listening; resolves once the port is bound (port 0 picks a free one). */
export async function startServer(runtime: BotRuntime, port: number, host = '127.0.0.1', options: ServerOptions = {}): Promise<RunningServer> {
  const app = createApp(runtime);
  let draining = false;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server = http.createServer((req, res) => {
    // The in-process sandbox wallet keeps answering: turns being drained still call it.
    if (draining && !(runtime.sandbox && req.url?.startsWith(`${SANDBOX_MOUNT_PATH}/`))) {
      // Refused before anything runs: a sender told "try again" is never also answered.
      res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '5', Connection: 'close' });
      res.end(JSON.stringify({ error: { status: 503, message: 'The server is restarting; send it again in a moment.' } }));
      return;
    }
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) drained?.();
    });
    app(req, res);
  });
  const streams = attachDirectLineStream(server, runtime);
  const channel = directLineChannel(runtime);
  const stopRetention = startActivityRetention(channel.store, runtime.config.ACTIVITY_RETENTION_DAYS, runtime.logger);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  const url = `http://${selfAddress(host)}:${bound}`;
  runtime.setListeningUrl(url);
  // Taps whose turn a crash cut short are answered now (after listening: they may call the in-process sandbox).
  channel.resumeCutTurns().catch((err: unknown) =>
    runtime.logger.error({ reason: err instanceof Error ? err.message : String(err) }, 'directline: resuming cut turns failed'),
  );

  let closed: Promise<void> | undefined;
  const stopListening = () => (closed ??= new Promise<void>((resolve) => server.close(() => resolve())));

  /** Stop accepting, let requests and turns in flight finish, then close streams and connections. */
  const close = async () => {
    draining = true;
    stopRetention();
    // Without an in-process sandbox nothing in flight needs this port: stop listening at once.
    if (!runtime.sandbox) void stopListening();
    server.closeIdleConnections();
    const idle = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (drained = resolve));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([idle, channel.adapter.idle()]),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, options.drainMs ?? 10_000))),
    ]);
    clearTimeout(timer);
    streams.close();
    const stopped = stopListening();
    server.closeAllConnections();
    await stopped;
    await wechatChannel(runtime)?.close();
  };
  return { url, server, close };
}

/** How this process reaches itself: a wildcard address is not one to connect to; IPv6 needs brackets. */
export function selfAddress(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
