import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import { createRuntime, type BotRuntime, type RuntimeOverrides } from '../../src/bot/runtime';
import { createLogger } from '../../src/observability/logger';

/** A fresh data directory under the system temp dir, removed by the returned cleanup. */
export function tempDataDir(): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-bot-test-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', KNOWLEDGE_DIR: path.resolve('knowledge'), ...env });
}

/** The real runtime over SQLite in `dataDir` (a new temp dir when omitted), logging nothing. */
export async function createTestRuntime(
  options: { dataDir?: string; env?: Record<string, string>; overrides?: RuntimeOverrides } = {},
): Promise<BotRuntime & { dataDir: string }> {
  const temp = options.dataDir ? undefined : tempDataDir();
  const dataDir = options.dataDir ?? temp!.dir;
  const runtime = await createRuntime(testConfig({ DATA_DIR: dataDir, ...options.env }), {
    logger: createLogger('silent'),
    ...options.overrides,
  });
  return {
    ...runtime,
    dataDir,
    close: async () => {
      await runtime.close();
      temp?.remove();
    },
  };
}
