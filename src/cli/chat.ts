import readline from 'node:readline';
import { loadConfig } from '../config';
import { createRuntime } from '../bot/runtime';
import { ConsoleAdapter } from '../channels/console/consoleAdapter';
import { createLogger } from '../observability/logger';
import { listenSandboxWallet } from '../wallet/sandbox/sandboxWallet';

/** `npm run chat`: the same bot and dialogs in the terminal, for trying knowledge changes. */
async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await createRuntime(config, { logger: createLogger('warn') });
  // No HTTP server here, and the wallet client speaks HTTP: serve the in-process sandbox on loopback.
  const sandbox = runtime.sandbox ? await listenSandboxWallet(runtime.sandbox) : undefined;
  if (sandbox) runtime.setListeningUrl(sandbox.url);
  // Nothing here serves the bot's webhook, and the terminal is no channel a notice can reach later.
  runtime.sandbox?.webhooks?.pause();
  const adapter = new ConsoleAdapter({ write: (line) => console.log(line) }, process.env['LANG']?.startsWith('en') ? 'en-US' : undefined);
  adapter.onTurnError = (context, error) => runtime.bot.handleTurnError(context, error);
  const logic = (context: Parameters<typeof runtime.bot.run>[0]) => runtime.bot.run(context);

  console.log('Wallet Support Bot: type a message, a button number, or "exit" to leave.');
  if (sandbox) console.log(`Sandbox wallet: demo accounts ${sandbox.url}/sandbox/accounts, codes and emails ${sandbox.url}/sandbox/outbox`);
  await adapter.join(logic);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: '\nyou> ' });
  try {
    // The line iterator buffers input, so piped lines typed ahead of a slow turn are not lost.
    rl.prompt();
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === 'exit' || line === 'quit') break;
      if (line) await adapter.receive(line, logic);
      rl.prompt();
    }
  } finally {
    rl.close();
    await sandbox?.close();
    await runtime.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
