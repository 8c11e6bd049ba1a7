import { loadConfig } from './config';
import { createRuntime } from './bot/runtime';
import { startServer } from './server';

/** Starts the bot with its embedded defaults: SQLite under DATA_DIR, everything on one port. */
async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await createRuntime(config);
  const server = await startServer(runtime, config.PORT, config.HOST);
  runtime.logger.info({ url: server.url, dataDir: config.dataDir, mode: config.NODE_ENV }, 'Wallet Support Bot is listening');
  // Development mode says what it exposes that production refuses (docs/security.md).
  if (runtime.sandbox) {
    runtime.logger.warn(
      { outbox: `${runtime.publicUrl()}/sandbox/outbox` },
      'SANDBOX wallet (development only): demo accounts, and every code and confirmation link is readable in its outbox',
    );
  }
  if (!config.MICROSOFT_APP_ID && config.BOT_FRAMEWORK_ENDPOINT === 'on') {
    runtime.logger.warn('/api/messages is unauthenticated (Emulator mode, development only): replies go to loopback serviceUrls only');
  }

  const shutdown = async (signal: string) => {
    runtime.logger.info({ signal }, 'shutting down: finishing requests and turns in flight');
    await server.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
