import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchLatestCode } from '../support/sandboxServer';
import { spawnNpmScript, stopNpmScript } from '../support/npmScript';
import { tempDataDir } from '../support/testRuntime';

/**
 * `npm run chat` runs no HTTP server, yet the closure dialog calls the wallet over HTTP: the CLI
 * serves its in-process sandbox wallet on a loopback port and says where its outbox is.
 */
const data = tempDataDir();
let chat: ChildProcess;
let output = '';

/** Waits until the output written since `from` contains `text`. */
async function outputAfter(from: number, text: string, ms = 30_000): Promise<string> {
  const deadline = Date.now() + ms;
  while (!output.slice(from).includes(text)) {
    if (Date.now() > deadline || chat.exitCode !== null) throw new Error(`no "${text}" in: ${output.slice(from)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return output.slice(from);
}

/** Types a line and waits for the next prompt after `expected`. */
async function type(line: string, expected: string): Promise<string> {
  const from = output.length;
  chat.stdin!.write(`${line}\n`);
  await outputAfter(from, expected);
  return outputAfter(from, 'you>');
}

beforeAll(async () => {
  // Its own SQLite under DATA_DIR: the suite's shared PostgreSQL may hold another branch's migrations.
  chat = spawnNpmScript('chat', { DATA_DIR: data.dir, DATABASE_URL: '', REDIS_URL: '', LANG: 'zh_CN.UTF-8' }, ['pipe', 'pipe', 'pipe']);
  chat.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  chat.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await outputAfter(0, 'you>', 60_000);
}, 90_000);

afterAll(async () => {
  await stopNpmScript(chat);
  data.remove();
});

describe('npm run chat', () => {
  it('files a closure through its own sandbox wallet, whose outbox it points to', async () => {
    const outbox = /(http:\/\/127\.0\.0\.1:\d+)\/sandbox\/outbox/.exec(output)?.[1];
    expect(outbox, output).toBeDefined();

    await type('我要注销账户', '继续');
    await type('1', '手机号、邮箱或账户 ID');
    expect(await type('13800000001', 'bot>')).toContain('验证码已发送到 138******01');
    expect(await type(await fetchLatestCode(outbox!, '13800000001'), 'bot>')).toContain('同意以上注销条款');
    expect(await type('1', 'bot>')).toContain('注销申请已提交');
  }, 60_000);
});
