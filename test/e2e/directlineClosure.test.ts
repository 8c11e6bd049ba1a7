import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskEmail } from '../../src/observability/logger';
import { verifyForClosureZh } from '../support/closureScript';
import { fetchDemoAccounts, fetchLatestEmail } from '../support/sandboxServer';
import { startTestServer, type TestServer } from '../support/testServer';
import { WidgetChat } from '../support/widgetChat';

/**
 * The whole closure on the widget's path, from the outside: a token from POST /api/widget/token,
 * Microsoft's DirectLineJS on the WebSocket stream, buttons tapped the way Web Chat taps them. The
 * person picks a demo account from /sandbox/accounts and reads the texted code off /sandbox/outbox.
 */
let app: TestServer;

beforeAll(async () => {
  app = await startTestServer();
});

afterAll(async () => {
  await app.close();
});

describe('the closure dialog through DirectLineJS, as the widget runs it', () => {
  it('goes from "我要注销账户" by buttons, a demo account and the texted code to a filed request', async () => {
    const account = (await fetchDemoAccounts(app.url)).find((a) => a.scenario === 'closable');
    if (!account) throw new Error('no closable demo account in /sandbox/accounts');
    const chat = await WidgetChat.open(app.url, 'zh-CN');

    const { code } = await verifyForClosureZh(chat, account, app.url);

    const turn = await chat.tap('同意并提交');
    expect(turn.text).toContain('注销申请已提交');
    expect(turn.text).toContain(maskEmail(account.email));
    const requestId = /CR[0-9A-Z]+/.exec(turn.text)?.[0];
    expect(requestId, turn.text).toBeDefined();

    const email = await fetchLatestEmail(app.url, account.email);
    expect(email.text).toContain(requestId!);
    expect(app.runtime.sandbox!.store.countClosureRequests(account.accountId)).toBe(1);

    // The phone number and the code were typed into the conversation; the kept transcript holds neither.
    const kept = await chat.transcript();
    expect(kept.some((a) => a.from?.role === 'user' && a.text === '••••••')).toBe(true);
    expect(kept.filter((a) => a.text?.includes(code))).toEqual([]);
    expect(kept.filter((a) => a.text?.includes(account.phone))).toEqual([]);
    chat.end();
  }, 30_000);
});
