import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation, textOf } from '../support/conversation';
import { latestCode, latestEmailLink } from '../support/sandboxServer';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * With WALLET_API_URL unset the bot uses the sandbox mounted in its own server. Behind a proxy
 * (PUBLIC_URL set) the server may not be able to reach itself through the public address, so the
 * bot calls the sandbox on the address it is bound to; people still get the public link by email.
 */
let app: TestServer;

beforeAll(async () => {
  app = await startTestServer({ PUBLIC_URL: 'https://wallet-bot.invalid' });
});
afterAll(async () => {
  await app.close();
});

describe('the in-process sandbox wallet behind a public URL', () => {
  it('is called on the server’s own address, while the email link uses PUBLIC_URL', async () => {
    const chat = new Conversation(app.runtime);
    await chat.say('我要注销账户');
    await chat.tap('继续');
    expect(textOf(await chat.say('13800000001'))).toContain('验证码已发送到 138******01');
    expect(textOf(await chat.say(latestCode(app.runtime)))).toContain('身份验证成功');
    expect(textOf(await chat.tap('同意并提交'))).toContain('注销申请已提交');
    expect(latestEmailLink(app.runtime, 'demo1@example.com').startsWith('https://wallet-bot.invalid/sandbox/confirm/')).toBe(true);
  });
});
