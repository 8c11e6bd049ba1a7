import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker copies the write-ahead log into the database file. */
export const CHECKPOINT_INTERVAL_MS = 50;

/**
 * WAL pages after which the bot's own connection checkpoints after a commit, as SQLite does by
 * itself at 1,000. Raised so that the worker does nearly all of it; still a bound: under a steady
 * stream of commits the worker's passive checkpoint never finds a quiet moment to let the log
 * start over, and this one, on the writing connection, always does (some 40 MB of log).
 */
export const FOREGROUND_CHECKPOINT_PAGES = 10_000;

// Plain JavaScript, so it runs the same under tsx, vitest and node; better-sqlite3 is resolved here
// and handed over, as a worker evaluated from a string has no module of its own to resolve from.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    clearInterval(timer);
    db.close();
    parentPort.postMessage(String(err && err.message ? err.message : err));
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Checkpoints a SQLite database in WAL mode from a worker thread with its own connection. A
 * checkpoint copies the log into the database file and syncs it: done by the committing connection
 * (SQLite's default) it took a few to tens of milliseconds every few hundred commits on the event
 * loop, which every turn in flight waited for. A passive checkpoint never blocks the writer.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(file: string, onFailure: (reason: string) => void, intervalMs = CHECKPOINT_INTERVAL_MS) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs } });
    // Never what keeps the process alive; the writing connection still checkpoints when it must.
    this.worker.unref();
    this.worker.on('message', (reason: unknown) => onFailure(String(reason)));
    this.worker.on('error', (err) => onFailure(err.message));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  /** Stops the worker and closes its connection (before the bot's own closes, which checkpoints last). */
  async close(): Promise<void> {
    this.worker.postMessage('close');
    await this.exited;
  }
}
