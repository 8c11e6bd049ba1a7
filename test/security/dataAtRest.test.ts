import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directLineChannel } from '../../src/channels/directline';
import { startActivityRetention } from '../../src/channels/directline/retention';
import { createLogger } from '../../src/observability/logger';
import { verifyForClosureZh } from '../support/closureScript';
import { fetchDemoAccounts, type DemoAccountJson } from '../support/sandboxServer';
import { startTestServer, type TestServer } from '../support/testServer';
import { DirectLineRestChat } from './clients';

/** After a closure run no data file of the bot holds a verification token, a full phone number or a code. */
let app: TestServer;
let accounts: DemoAccountJson[];
const tokens: string[] = [];

beforeAll(async () => {
  app = await startTestServer();
  accounts = await fetchDemoAccounts(app.url);
  const verify = app.runtime.wallet.verifyChallenge.bind(app.runtime.wallet);
  app.runtime.wallet.verifyChallenge = async (challengeId, code) => {
    const verification = await verify(challengeId, code);
    tokens.push(verification.verificationToken);
    return verification;
  };
});

afterAll(async () => {
  await app.close();
});

/** Every file under DATA_DIR except the sandbox wallet's own database (the wallet's data, not the bot's). */
function botFiles(): string[] {
  return fs
    .readdirSync(app.runtime.dataDir)
    .filter((f) => !f.startsWith('sandbox-wallet'))
    .map((f) => path.join(app.runtime.dataDir, f));
}

describe('data at rest', () => {
  it('keeps no token, full phone number, email or code in the clear after a closure', async () => {
    const account = accounts.filter((a) => a.scenario === 'closable')[3]!;
    const chat = new DirectLineRestChat(app.url);
    await chat.start();
    const { code } = await verifyForClosureZh(chat, account, app.url);
    const filed = await chat.tap('同意并提交');
    expect(filed.text).toContain('申请编号');
    // Free text a person might type anywhere: phone, email and a code in one message.
    await chat.say(`我换了手机 ${account.phone}，邮箱 ${account.email}，验证码 ${code} 对吗`);
    await chat.say('我的注销进度');
    expect(tokens.length).toBeGreaterThan(0);

    const kept = JSON.stringify(await chat.activities());
    expect(kept).not.toContain(account.phone);
    expect(kept).not.toContain(account.email);
    expect(kept).not.toMatch(new RegExp(`(?<!\\d)${code}(?!\\d)`));

    for (const file of botFiles()) {
      const bytes = fs.readFileSync(file).toString('latin1');
      for (const secret of [...tokens, account.phone, account.email]) expect(bytes.includes(secret), `${path.basename(file)} holds ${secret.slice(0, 4)}…`).toBe(false);
      expect(bytes, path.basename(file)).not.toMatch(new RegExp(`(?<![0-9])${code}(?![0-9])`));
    }
  });

  it('creates every data file owner-only (0600)', () => {
    const files = fs.readdirSync(app.runtime.dataDir).map((f) => path.join(app.runtime.dataDir, f));
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) {
      if (fs.statSync(file).isDirectory()) continue;
      expect((fs.statSync(file).mode & 0o777).toString(8), path.basename(file)).toBe('600');
    }
  });

  it('deletes Direct Line activities past the retention period', async () => {
    const chat = new DirectLineRestChat(app.url);
    await chat.start();
    await chat.say('注销后能恢复吗');
    expect((await chat.activities()).length).toBeGreaterThan(1);
    const store = directLineChannel(app.runtime).store;
    const stop = startActivityRetention(store, 30, createLogger('silent'), () => Date.now() + 31 * 86_400_000);
    await expect.poll(async () => (await store.listAfter(chat.conversationId, 0)).length).toBe(0);
    stop();
  });
});
