import type { BotRuntime } from '../../src/bot/runtime';
import { startServer, type RunningServer } from '../../src/server';
import { createTestRuntime } from './testRuntime';

export interface TestServer {
  runtime: BotRuntime & { dataDir: string };
  server: RunningServer;
  url: string;
  close(): Promise<void>;
}

/** The real bot and server (SQLite in a temp dir, silent logs) on a free loopback port. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const runtime = await createTestRuntime({ env });
  const server = await startServer(runtime, 0, '127.0.0.1');
  return {
    runtime,
    server,
    url: server.url,
    close: async () => {
      await server.close();
      await runtime.close();
    },
  };
}
