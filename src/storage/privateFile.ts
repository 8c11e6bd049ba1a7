import fs from 'node:fs';
import path from 'node:path';

/**
 * Makes `file` (and its directory) private to this user before a database opens it: SQLite creates
 * its -wal and -shm files with the main file's mode, so all three end up 0600.
 */
export function ensurePrivateFile(file: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  fs.chmodSync(file, 0o600);
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.chmodSync(file + suffix, 0o600);
  }
}
