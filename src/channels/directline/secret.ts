import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const SECRET_FILE_NAME = 'directline-secret';

/**
 * The Direct Line secret: DIRECTLINE_SECRET when set, else one generated on first start and kept
 * under DATA_DIR (owner-only), so tokens survive a restart and every instance sharing the
 * directory agrees on it.
 */
export function resolveDirectLineSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, SECRET_FILE_NAME);
  const existing = readSecret(file);
  if (existing) return existing;
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    // 'wx': if another process created it in the meantime, keep theirs.
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    const raced = readSecret(file);
    if (raced) return raced;
    throw err;
  }
}

function readSecret(file: string): string | undefined {
  try {
    const value = fs.readFileSync(file, 'utf8').trim();
    if (value.length < 16) throw new Error(`${file} holds no usable Direct Line secret; delete it to generate one.`);
    return value;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
