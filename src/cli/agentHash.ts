import { createInterface } from 'node:readline/promises';
import { hashPassword } from '../handoff/passwordHash';

/**
 * `npm run agent:hash`: reads a password (from stdin, so it stays out of shell history) and prints
 * the scrypt hash to put in AGENT_ACCOUNTS as `name:agent:<hash>`.
 */
async function main(): Promise<void> {
  const input = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  const password = (await input.question('Agent password: ')).replace(/\r?\n$/, '');
  input.close();
  if (password.length < 8) {
    console.error('Use at least 8 characters.');
    process.exit(1);
  }
  console.log(await hashPassword(password));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
