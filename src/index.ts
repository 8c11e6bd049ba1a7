import { loadConfig } from './config';
import { createRuntime } from './bot/runtime';
import { startServer } from './server';

/** Starts the bot with its embedded defaults: SQLite under DATA_DIR, everything on one port. */
async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await createRuntime(config);
  const server = await startServer(runtime, config.PORT, config.HOST);
  runtime.logger.info({ url: server.url, dataDir: config.dataDir }, 'Wallet Support Bot is listening');

  const shutdown = async (signal: string) => {
    runtime.logger.info({ signal }, 'shutting down');
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
