import readline from 'node:readline/promises';
import { loadConfig } from '../config';
import { createRuntime } from '../bot/runtime';
import { ConsoleAdapter } from '../channels/console/consoleAdapter';
import { createLogger } from '../observability/logger';

/** `npm run chat`: the same bot and dialogs in the terminal, for trying knowledge changes. */
async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await createRuntime(config, { logger: createLogger('warn') });
  const adapter = new ConsoleAdapter({ write: (line) => console.log(line) }, process.env['LANG']?.startsWith('en') ? 'en-US' : undefined);
  adapter.onTurnError = (context, error) => runtime.bot.handleTurnError(context, error);
  const logic = (context: Parameters<typeof runtime.bot.run>[0]) => runtime.bot.run(context);

  console.log('Wallet Support Bot: type a message, a button number, or "exit" to leave.');
  await adapter.join(logic);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    for (;;) {
      const line = (await rl.question('\nyou> ')).trim();
      if (line === 'exit' || line === 'quit') break;
      if (line) await adapter.receive(line, logic);
    }
  } catch {
    // Standard input closed (Ctrl-D or the end of piped input): leave like "exit".
  } finally {
    rl.close();
    await runtime.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
