import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const STATE_KEY_FILE = 'state-key';
const VERSION = 'v1';

/**
 * AES-256-GCM for secrets kept in conversation state (the wallet's verification token). The key is
 * STATE_ENCRYPTION_KEY, else one generated on first start under DATA_DIR (owner-only), so a copy of
 * the database alone reveals nothing. `context` (the conversation) is bound as associated data: a
 * sealed value copied into another conversation does not open.
 */
export class StateCipher {
  private constructor(private readonly key: Buffer) {}

  /** The configured key (base64, 32 bytes), or the one kept in `${dataDir}/state-key`. */
  static fromConfig(configured: string | undefined, dataDir: string): StateCipher {
    if (configured) return new StateCipher(decodeKey(configured, 'STATE_ENCRYPTION_KEY'));
    const file = path.join(dataDir, STATE_KEY_FILE);
    try {
      return new StateCipher(decodeKey(fs.readFileSync(file, 'utf8').trim(), file));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    fs.mkdirSync(dataDir, { recursive: true });
    const key = randomBytes(32);
    try {
      fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      return new StateCipher(key);
    } catch (err) {
      // Another instance sharing DATA_DIR wrote it first: use theirs.
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return new StateCipher(decodeKey(fs.readFileSync(file, 'utf8').trim(), file));
      throw err;
    }
  }

  /** A key for this process only (tests, the chat CLI): sealed values do not survive a restart. */
  static ephemeral(): StateCipher {
    return new StateCipher(randomBytes(32));
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  /** The plaintext, or undefined when the value was not sealed by this key for this context. */
  open(sealed: string, context: string): string | undefined {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

function decodeKey(value: string, source: string): Buffer {
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) throw new Error(`${source} must be 32 bytes, base64-encoded (e.g. \`openssl rand -base64 32\`).`);
  return key;
}
