import http from 'node:http';
import path from 'node:path';
import { MemoryStorage } from 'botbuilder';
import express from 'express';
import { DirectLineChannel } from '../src/channels/directline/directLineChannel';
import { directLineRouter } from '../src/channels/directline/directLineRouter';
import { DIRECTLINE_PATH } from '../src/channels/directline/paths';
import { DirectLineStreamServer } from '../src/channels/directline/streamServer';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/observability/logger';
import { createScaleout } from '../src/scaleout/scaleout';
import { BotStateStorage } from '../src/storage/botStateStorage';
import { openDatabase } from '../src/storage/database';
import { clientAddress, jsonTooMany, LIMITS, limitRequests, rateLimitsFor } from '../src/web/rateLimiter';
import { EchoBot } from './echoBot';

/**
 * The echo floor of `npm run bench:load`, started by it in a process of its own: the echo bot on the
 * bot's Direct Line stack (express, the per-client and per-conversation limits, the router, the
 * adapter, the WebSocket streams) configured by the same environment. BENCH_ECHO_STORAGE=memory
 * keeps state in botbuilder's MemoryStorage and the Direct Line transcript in an in-memory SQLite;
 * otherwise both go where the bot keeps them (DATABASE_URL, or SQLite in DATA_DIR).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const inMemory = process.env['BENCH_ECHO_STORAGE'] === 'memory';
  const database = await openDatabase(
    inMemory
      ? { sqliteFile: ':memory:' }
      : { databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, sqliteFile: path.join(config.dataDir, 'bot.sqlite') },
  );
  const bot = new EchoBot(inMemory ? new MemoryStorage() : new BotStateStorage(database.db, database.sqlite));
  // The turn lock, fan-out and shared limits of the bot's runtime (through Redis when REDIS_URL is set).
  const scaleout = await createScaleout(config, logger);
  let url = '';
  const runtime = { config, database, logger, publicUrl: () => url, bot, scaleout };
  const channel = new DirectLineChannel(runtime);
  const limits = rateLimitsFor(runtime);
  const app = express();
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(limitRequests(limits.limiter(LIMITS.perClient(config.RATE_LIMIT_PER_MINUTE)), clientAddress, jsonTooMany('Too many requests.')));
  const conversationLimiter = limits.limiter(LIMITS.perConversation(config.CONVERSATION_MESSAGES_PER_MINUTE));
  app.use(DIRECTLINE_PATH, directLineRouter(channel, { conversationLimiter }));
  const server = http.createServer(app);
  const streams = new DirectLineStreamServer(channel, { clientLimiter: limits.limiter(LIMITS.perClient(config.RATE_LIMIT_PER_MINUTE)) });
  streams.attach(server);
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  url = `http://127.0.0.1:${config.PORT}`;
  process.once('SIGTERM', () => {
    streams.close();
    server.closeAllConnections();
    server.close(() => {
      void scaleout
        .close()
        .then(() => database.close())
        .then(() => process.exit(0));
    });
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
