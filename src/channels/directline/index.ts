import type http from 'node:http';
import type express from 'express';
import type { BotRuntime } from '../../bot/runtime';
import { directLineChannel, type DirectLineChannel } from './directLineChannel';
import { directLineRouter } from './directLineRouter';
import { DIRECTLINE_PATH } from './paths';
import { DirectLineStreamServer } from './streamServer';
import { LIMITS, rateLimitsFor } from '../../web/rateLimiter';

export { directLineChannel, DirectLineChannel } from './directLineChannel';
export { DirectLineAdapter, DIRECTLINE_CHANNEL_ID } from './directLineAdapter';
export { SENSITIVE_INPUT_FLAG } from './sensitiveInput';
export { DIRECTLINE_PATH } from './paths';

/** Mounts the Direct Line 3.0 REST API at /v3/directline. */
export function mountDirectLine(app: express.Express, runtime: BotRuntime): DirectLineChannel {
  const channel = directLineChannel(runtime);
  const conversationLimiter = rateLimitsFor(runtime).limiter(LIMITS.perConversation(runtime.config.CONVERSATION_MESSAGES_PER_MINUTE));
  app.use(
    DIRECTLINE_PATH,
    directLineRouter(channel, { conversationLimiter, ...(runtime.config.PUBLIC_URL ? { publicUrl: runtime.config.PUBLIC_URL } : {}) }),
  );
  return channel;
}

/** Serves Direct Line's WebSocket streams on `server` (call once the http.Server exists). */
export function attachDirectLineStream(server: http.Server, runtime: BotRuntime): DirectLineStreamServer {
  const clientLimiter = rateLimitsFor(runtime).limiter(LIMITS.perClient(runtime.config.RATE_LIMIT_PER_MINUTE));
  const streams = new DirectLineStreamServer(directLineChannel(runtime), { clientLimiter, streamTokensUsed: runtime.scaleout.once });
  streams.attach(server);
  return streams;
}
