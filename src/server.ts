import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import type { BotRuntime } from './bot/runtime';
import { mountBotFrameworkChannel } from './channels/botframework/botFrameworkChannel';
import { BOT_FRAMEWORK_CHANNELS, BotFrameworkDelivery } from './channels/botframework/botFrameworkDelivery';
import { attachDirectLineStream, mountDirectLine } from './channels/directline';
import { DirectLineDelivery } from './channels/directline/directLineDelivery';
import { mountWeChat, wechatChannel } from './channels/wechat';
import { AGENT_API_PATH, agentApiRouter } from './handoff/agentApi';
import { consoleRouter } from './handoff/console/consoleRouter';
import { answerRouter } from './knowledge/answerRoute';
import { metricsRouter } from './observability/metrics';
import { SANDBOX_MOUNT_PATH } from './wallet/sandbox/sandboxWallet';
import { mountWebWidget } from './web';

export interface RunningServer {
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

/** The one HTTP app: every channel, the answer API, health and metrics on one port. */
export function createApp(runtime: BotRuntime): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(metricsRouter());
  app.use('/api/answer', answerRouter(runtime));
  const cloudAdapter = mountBotFrameworkChannel(app, runtime);
  for (const channelId of BOT_FRAMEWORK_CHANNELS) {
    if (!runtime.deliveries.has(channelId)) {
      runtime.deliveries.register(new BotFrameworkDelivery(channelId, cloudAdapter, runtime.config.MICROSOFT_APP_ID ?? ''));
    }
  }
  runtime.deliveries.register(new DirectLineDelivery(mountDirectLine(app, runtime)));
  const wechat = mountWeChat(app, runtime);
  if (wechat) runtime.deliveries.register(wechat.delivery);
  mountWebWidget(app, runtime);
  app.use(AGENT_API_PATH, agentApiRouter(runtime));
  app.use('/agent', consoleRouter(runtime.config.DEFAULT_LOCALE));
  if (runtime.sandbox) app.use(SANDBOX_MOUNT_PATH, runtime.sandbox.router);

  app.use((req, res) => {
    res.status(404).json({ error: { status: 404, message: `Nothing answers ${req.method} ${req.path} here.` } });
  });
  app.use(jsonErrorHandler(runtime));
  return app;
}

/** Turns body-parser and route errors into a 4xx/5xx JSON reason instead of an HTML stack page. */
function jsonErrorHandler(runtime: BotRuntime): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
    if (status >= 500) runtime.logger.error({ err }, 'request failed');
    const reason =
      err?.type === 'entity.too.large'
        ? 'Request body is too large.'
        : err?.type === 'entity.parse.failed'
          ? 'Request body is not valid JSON.'
          : status >= 500
            ? 'Internal error.'
            : String(err?.message ?? 'Bad request.');
    if (!res.headersSent) res.status(status).json({ error: { status, message: reason } });
  };
}

/** Starts listening; resolves once the port is bound (port 0 picks a free one). */
export async function startServer(runtime: BotRuntime, port: number, host = '127.0.0.1'): Promise<RunningServer> {
  const app = createApp(runtime);
  const server = http.createServer(app);
  attachDirectLineStream(server, runtime);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  const url = `http://${selfAddress(host)}:${bound}`;
  runtime.setListeningUrl(url);
  return {
    url,
    server,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await wechatChannel(runtime)?.close();
    },
  };
}

/** How this process reaches itself: a wildcard address is not one to connect to; IPv6 needs brackets. */
export function selfAddress(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
