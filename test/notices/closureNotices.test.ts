import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WALLET_WEBHOOK_PATH } from '../../src/notices/walletWebhookRoute';
import { signWebhook } from '../../src/wallet/webhookSignature';
import { adaptiveCardOf, cardText } from '../support/adaptiveCards';
import { verifyForClosureZh } from '../support/closureScript';
import { fetchDemoAccounts, fetchLatestEmail, type DemoAccountJson } from '../support/sandboxServer';
import { startTestServer, type TestServer } from '../support/testServer';
import { WidgetChat } from '../support/widgetChat';

/**
 * Proactive notices over Direct Line, as the widget receives them on its stream: a request filed in
 * the chat, then the email link opened (or the wallet's rejection), and the notice arriving unasked.
 * The in-process sandbox sends the signed webhook; the poller is run by hand where a test needs it.
 */
let app: TestServer;
let closable: DemoAccountJson[];

beforeAll(async () => {
  app = await startTestServer();
  closable = (await fetchDemoAccounts(app.url)).filter((a) => a.scenario === 'closable');
});

afterAll(async () => {
  await app.close();
});

/** Files a closure request for the next closable demo account in a new widget conversation. */
async function fileThroughWidget(): Promise<{ chat: WidgetChat; account: DemoAccountJson; requestId: string }> {
  const account = closable.shift();
  if (!account) throw new Error('out of closable demo accounts');
  const chat = await WidgetChat.open(app.url, 'zh-CN');
  await verifyForClosureZh(chat, account, app.url);
  const filed = await chat.tap('同意并提交');
  const requestId = /CR[0-9A-Z]+/.exec(filed.text)?.[0];
  if (!requestId) throw new Error(`no request id in "${filed.text}"`);
  return { chat, account, requestId };
}

const noticeTexts = (notices: { attachments?: { contentType: string; content?: unknown }[] }[]) => notices.map((n) => cardText(adaptiveCardOf(n)!));

/** A webhook delivery as the wallet sends it, signed with `secret`. */
async function deliverWebhook(body: string, signature: string | undefined): Promise<number> {
  const res = await fetch(`${app.url}${WALLET_WEBHOOK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-wallet-signature': signature } : {}) },
    body,
  });
  return res.status;
}

const event = (requestId: string, status: string, previousStatus: string) =>
  JSON.stringify({ type: 'closure_request.status_changed', eventId: `ev-${requestId}-${status}`, requestId, status, previousStatus, occurredAt: new Date().toISOString() });

describe('closure notices through Direct Line', () => {
  it('after the email link is opened, the stream brings "confirmed, processing" and then "closed", unasked and once each', async () => {
    const { chat, account, requestId } = await fileThroughWidget();
    const link = (await fetchLatestEmail(app.url, account.email)).link!;
    expect((await fetch(link)).status).toBe(200);

    const notices = await chat.unprompted(2);
    const [processing, completed] = noticeTexts(notices);
    expect(processing).toContain(`你已通过邮件确认了注销申请 ${requestId}`);
    expect(completed).toContain(`你的 im钱包账户已注销（申请编号 ${requestId}）`);
    expect(completed).toContain('状态: 已完成');
    // The card's one action looks the status up again.
    expect(adaptiveCardOf(notices[1])!.actions!.map((a) => a.title)).toEqual(['再查一次']);
    // Nothing more comes: a poll now finds nothing new.
    await app.runtime.closureNotices.poller.pollOnce();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await chat.unprompted(0)).toHaveLength(2);
    expect(await app.runtime.closureNotices.store.notices(requestId)).toEqual([
      { status: 'processing', sent: true },
      { status: 'completed', sent: true },
    ]);
    chat.end();
  }, 30_000);

  it('a webhook that never arrives is caught by the poller', async () => {
    const webhooks = app.runtime.sandbox!.webhooks!;
    webhooks.pause();
    try {
      const { chat, requestId } = await fileThroughWidget();
      expect(app.runtime.sandbox!.store.rejectClosureRequest(requestId)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await chat.unprompted(0)).toHaveLength(0);

      await app.runtime.closureNotices.poller.pollOnce();
      const [rejected] = noticeTexts(await chat.unprompted(1));
      expect(rejected).toContain(`你的注销申请 ${requestId} 没有通过审核`);
      expect(adaptiveCardOf((await chat.unprompted(1))[0])!.actions!.map((a) => a.title)).toEqual(['再查一次', '转人工']);
      chat.end();
    } finally {
      webhooks.resume();
    }
  }, 30_000);

  it('one notice when the webhook (delivered twice) and the poller all report the change at once', async () => {
    const { chat, requestId } = await fileThroughWidget();
    // The sandbox's own delivery is held back so that the three reports below race each other.
    const webhooks = app.runtime.sandbox!.webhooks!;
    webhooks.pause();
    try {
      expect(app.runtime.sandbox!.store.rejectClosureRequest(requestId)).toBe(true);
    } finally {
      webhooks.resume();
    }
    const hook = event(requestId, 'rejected', 'pending_email_confirmation');
    const signed = () => deliverWebhook(hook, signWebhook(app.runtime.closureNotices.webhookSecret!, hook));
    const [, first, second] = await Promise.all([app.runtime.closureNotices.poller.pollOnce(), signed(), signed()]);
    expect([first, second]).toEqual([204, 204]);

    await chat.unprompted(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await chat.unprompted(0)).toHaveLength(1);
    expect(await app.runtime.closureNotices.store.notices(requestId)).toEqual([{ status: 'rejected', sent: true }]);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/bot_closure_status_reports_total\{source="(webhook|poll)",outcome="sent"\} [1-9]/);
    expect(metrics).toMatch(/bot_closure_status_reports_total\{source="(webhook|poll)",outcome="unchanged"\} [1-9]/);
    chat.end();
  }, 30_000);

  it('refuses a webhook without a valid signature with 401, and tells nobody anything', async () => {
    const { chat, requestId } = await fileThroughWidget();
    const forged = event(requestId, 'completed', 'processing');
    const secret = app.runtime.closureNotices.webhookSecret!;
    const stale = signWebhook(secret, forged, Date.now() - 10 * 60_000);
    for (const signature of [undefined, signWebhook('not-the-shared-secret-but-long-enough-1234', forged), stale, signWebhook(secret, `${forged} `)]) {
      expect(await deliverWebhook(forged, signature), String(signature)).toBe(401);
    }
    // A signed body that is not an event is refused too; one over 4 KB before it is read.
    const notEvent = JSON.stringify({ requestId, status: 'completed' });
    expect(await deliverWebhook(notEvent, signWebhook(secret, notEvent))).toBe(400);
    const huge = JSON.stringify({ padding: 'x'.repeat(5000) });
    expect(await deliverWebhook(huge, signWebhook(secret, huge))).toBe(413);

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await chat.unprompted(0)).toHaveLength(0);
    expect((await app.runtime.closureNotices.store.get(requestId))?.lastStatus).toBe('pending_email_confirmation');
    expect(await app.runtime.closureNotices.store.notices(requestId)).toEqual([]);
    chat.end();
  }, 30_000);
});
