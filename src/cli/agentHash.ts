import { Writable } from 'node:stream';
import { createInterface } from 'node:readline/promises';
import { hashPassword } from '../handoff/passwordHash';

/**
 * `npm run agent:hash`: reads a password (from stdin, so it stays out of shell history; not echoed
 * on a terminal) and prints the scrypt hash to put in AGENT_ACCOUNTS as `name:agent:<hash>`.
 */
async function main(): Promise<void> {
  let echo = true;
  // The prompt shows; what is typed after it does not.
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (echo) process.stderr.write(chunk);
      done();
    },
  });
  const input = createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY });
  const answer = input.question('Agent password: ');
  echo = false;
  const password = (await answer).replace(/\r?\n$/, '');
  input.close();
  if (process.stdin.isTTY) process.stderr.write('\n');
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
