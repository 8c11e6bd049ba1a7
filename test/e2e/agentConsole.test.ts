import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directLineUser, isBotMessage, replyTo } from '../support/agentApi';
import { post } from '../support/directLineNode';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * The agent console in a real browser (Debian's Chromium, headless) against the real bot, with a
 * person on DirectLineJS: the agent signs in, sees the request arrive, claims, talks, hands back.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
const ARTIFACTS = path.resolve('test-artifacts');
if (!hasChromium) console.warn(`agent console tests skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

let app: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  app = await startTestServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe.skipIf(!hasChromium)('the agent console', () => {
  it('signs in, claims a live request, talks both ways with masked text, and hands back to the bot', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/401/.test(m.text())) problems.push(m.text());
    });
    page.setDefaultTimeout(8000);
    await page.goto(`${app.url}/agent?lang=zh-CN`);
    await page.fill('#username', 'demo');
    await page.fill('#password', 'wrong');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#login-error:not(:empty)');
    await page.fill('#password', 'demo');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#queue li.empty');

    // The request arrives while the console is open: it appears without a reload.
    const user = await directLineUser(app.url, 'zh-CN');
    await post(user.directLine, { type: 'message', from: { id: 'u' }, text: '请帮我转人工', locale: 'zh-CN' });
    await page.waitForSelector('#queue li.case');
    expect(await page.textContent('#queue li.case')).toContain('用户要求');
    await page.click('#queue li.case');
    await page.click('#claim');
    await page.waitForSelector('#message:not([disabled])');
    await user.received.until((all) => all.some((a) => isBotMessage(a) && /demo/.test(a.text ?? '')));

    await page.fill('#message', '您好，我是人工客服，请问遇到了什么问题？');
    await user.received.until((all) => all.some((a) => a.type === 'typing'));
    await page.click('#send');
    await user.received.until((all) => all.some((a) => a.type === 'message' && a.text === '您好，我是人工客服，请问遇到了什么问题？'));
    // Once sent and shown in the transcript, the reply is no longer in the box.
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#transcript .agent')).some((li) => li.textContent?.includes('请问遇到了什么问题')));
    expect(await page.inputValue('#message')).toBe('');

    // The agent has started a reply when the person's message arrives: the reply is kept.
    await page.fill('#message', '稍等，我查一下');
    const said = await post(user.directLine, { type: 'message', from: { id: 'u' }, text: '注销后还能恢复吗？我手机 13698765432', locale: 'zh-CN' });
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#transcript .user')).some((li) => li.textContent?.includes('注销后还能恢复吗')));
    expect(await page.inputValue('#message')).toBe('稍等，我查一下');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('message');
    const shown = await page.textContent('#conversation');
    expect(shown).not.toContain('13698765432');
    expect(shown).toContain('136');
    expect(user.received.seen.some((a) => isBotMessage(a) && replyTo(a) === said)).toBe(false);

    // A knowledge answer in the person's language, inserted with one click.
    await page.click('#suggestions .insert');
    expect(await page.inputValue('#message')).toMatch(/[\u4e00-\u9fff]/);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'agent-console.png'), fullPage: true });

    await page.click('#release');
    await user.received.until((all) => all.some((a) => isBotMessage(a) && (a.suggestedActions?.actions.length ?? 0) === 2));
    await page.waitForSelector('#queue li.empty');
    const again = await post(user.directLine, { type: 'message', from: { id: 'u' }, text: '注销会影响征信吗', locale: 'zh-CN' });
    await user.received.until((all) => all.some((a) => isBotMessage(a) && replyTo(a) === again));
    expect(problems).toEqual([]);
    user.received.stop();
    user.directLine.end();
    await page.close();
  });

  it('speaks English on ?lang=en and shows nothing of the queue before sign-in', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/agent?lang=en`);
    expect(await page.textContent('#login-form')).toContain('Sign in');
    expect(await page.isHidden('#desk')).toBe(true);
    const status = await page.evaluate(async () => (await fetch('/agent/api/queue')).status);
    expect(status).toBe(401);
    await page.close();
  });
});
