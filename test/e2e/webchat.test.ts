import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDirectLineSecret } from '../../src/channels/directline/secret';
import { fetchDemoAccounts, fetchLatestCode, fetchLatestEmail } from '../support/sandboxServer';
import { tempDataDir } from '../support/testRuntime';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * Microsoft Web Chat in a real browser (Debian's Chromium, headless) on the demo help center and on
 * another site's page, at a phone's width, against the real bot. Its knowledge base is the project's,
 * except that one topic also holds hostile HTML, as a careless edit could put there.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
const ARTIFACTS = path.resolve('test-artifacts');
if (!hasChromium) console.warn(`webchat tests skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

/** The topic given hostile HTML, and a question it answers. */
const HOSTILE_TOPIC = 'credit-impact';
const HOSTILE_QUESTION = '注销会影响我的征信吗';
const HOSTILE_MARKDOWN = [
  '**加粗说明**，详见[帮助中心](https://help.example/closing)。',
  '<img src="x" onerror="window.__xss=\'kb-img\'"><script>window.__xss=\'kb-script\'</script>',
  '[点我](javascript:window.__xss=\'kb-link\')',
].join('\n\n');

let app: TestServer;
let browser: Browser;
let knowledge: ReturnType<typeof tempDataDir>;

beforeAll(async () => {
  if (!hasChromium) return;
  knowledge = tempDataDir();
  fs.cpSync(path.resolve('knowledge'), knowledge.dir, { recursive: true });
  fs.appendFileSync(path.join(knowledge.dir, 'zh-CN', `${HOSTILE_TOPIC}.md`), `\n${HOSTILE_MARKDOWN}\n`);
  app = await startTestServer({ KNOWLEDGE_DIR: knowledge.dir });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  knowledge?.remove();
});

/** A phone-sized page that records console errors, page errors and CSP violations. */
async function openPage(url: string, viewport = { width: 360, height: 740 }): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(url);
  return { page, problems };
}

/** A piece of plain text from a Markdown answer that the rendered bubble will contain verbatim. */
function plainFragment(markdown: string): string {
  const lines = markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .split('\n')
    .map((l) => l.replace(/^[\s>#*+\-\d.]+/, '').replace(/[*_`]/g, '').trim())
    .filter((l) => l.length >= 6);
  const first = lines[0] ?? '';
  return first.split(/[，。,.;；:：!！?？（）()「」"“”]/)[0]!.slice(0, 12);
}

/** What the bot answers to `text`, from the answer API (same recognizer and search, no side effects). */
async function ask(text: string): Promise<{ answer: string }> {
  const res = await fetch(`${app.url}/api/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
  const body = (await res.json()) as { answer?: string };
  if (!body.answer) throw new Error(`the answer API has no answer for "${text}"`);
  return { answer: body.answer };
}

const botBubbles = (page: Page) => page.locator('.webchat__stacked-layout:not(.webchat__stacked-layout--from-user) .webchat__bubble__content');

/**
 * Another site, on an origin of its own, whose pages carry nothing of ours but the one-line embed.
 * `/en` asks for English and its own brand (its page is in French). `/zh` relies on the page's
 * language, and connects the way a page on Azure's Direct Line does: to a Direct Line named in
 * `data-directline`, with a token from the site's own backend, which holds the secret.
 */
async function startForeignSite(botUrl: string, directLineSecret: string): Promise<{ url: string; directLine: string; close(): Promise<void> }> {
  // The bot's Direct Line under another name than the widget's own default, so the test can tell which is used.
  const directLine = `${botUrl.replace('127.0.0.1', 'localhost')}/v3/directline`;
  const page = (lang: string, embed: string) => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Acme</title></head>
<body><a href="/">Acme</a><p>Acme sells things.</p>${embed}</body></html>`;
  const pages: Record<string, string> = {
    '/en': page('fr', `<script src="${botUrl}/widget.js" data-locale="en" data-brand="Acme Pay"></script>`),
    '/zh': page('zh-CN', `<script src="${botUrl}/widget.js" data-directline="${directLine}/" data-token-url="/token" async></script>`),
  };
  const server = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/token') {
      fetch(`${directLine}/tokens/generate`, { method: 'POST', headers: { authorization: `Bearer ${directLineSecret}` } })
        .then(async (generated) => res.writeHead(generated.status, { 'content-type': 'application/json' }).end(await generated.text()))
        .catch(() => res.writeHead(502).end());
      return;
    }
    const html = pages[req.url ?? ''];
    if (html) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    directLine,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe.skipIf(!hasChromium)('Web Chat widget in Chromium', () => {
  it('opens by keyboard, answers a Chinese question, renders and follows a suggested action', async () => {
    const { page, problems } = await openPage(`${app.url}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

    const launcher = page.getByRole('button', { name: '在线客服', exact: true });
    const box = await launcher.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
    await launcher.focus();
    await page.keyboard.press('Enter');

    const dialog = page.getByRole('dialog', { name: 'im钱包 在线客服' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const input = page.locator('.webchat__send-box-text-box__input');
    await expect.poll(() => input.evaluate((el) => el === document.activeElement), { timeout: 15_000 }).toBe(true);
    const panel = await dialog.boundingBox();
    expect(panel && panel.x >= 0 && panel.x + panel.width <= 360 && panel.height <= 740).toBe(true);

    // The welcome arrives first.
    await expect.poll(() => botBubbles(page).count(), { timeout: 15_000 }).toBeGreaterThan(0);

    const question = '注销以后还能恢复吗';
    const fragment = plainFragment((await ask(question)).answer);
    expect(fragment.length).toBeGreaterThan(3);
    await input.fill(question);
    await page.keyboard.press('Enter');
    await botBubbles(page).filter({ hasText: fragment }).first().waitFor({ timeout: 20_000 });
    // Sent, not "Send failed": Web Chat saw its own message echoed back with a server id.
    await expect.poll(() => page.getByText(question, { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.locator('.webchat__activity-status--send-failed, [class*="send-failed"]').count()).toBe(0);

    const buttons = page.getByRole('toolbar').getByRole('button');
    await expect.poll(() => buttons.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat.png') });

    // A topic button: its answer is the topic the button names.
    const title = (await buttons.first().innerText()).trim();
    const expectedTapped = (await ask(title)).answer;
    await buttons.first().click();
    const tappedBubble = botBubbles(page).filter({ hasText: plainFragment(expectedTapped) }).last();
    await tappedBubble.waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByText(title, { exact: true }).count()).toBeGreaterThan(0);
    // Web Chat scrolls smoothly to the newest message; wait until it is on screen for the picture.
    await expect.poll(async () => ((await tappedBubble.boundingBox())?.y ?? 999) < 500, { timeout: 5000 }).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-suggested-action.png') });

    // Escape closes the chat and gives focus back to the launcher.
    await input.focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await launcher.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');

    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('renders Markdown, and never runs HTML or script that a person types or the knowledge base holds', async () => {
    const { page, problems } = await openPage(`${app.url}/`);
    await page.getByRole('button', { name: '在线客服', exact: true }).click();
    const input = page.locator('.webchat__send-box-text-box__input');
    await input.waitFor({ timeout: 15_000 });
    await expect.poll(() => botBubbles(page).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const before = await botBubbles(page).count();
    const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    await input.fill(payload);
    await page.keyboard.press('Enter');
    await expect.poll(() => botBubbles(page).count(), { timeout: 20_000 }).toBeGreaterThan(before);
    await expect.poll(() => page.getByText(payload, { exact: true }).count()).toBeGreaterThan(0);

    await input.fill(HOSTILE_QUESTION);
    await page.keyboard.press('Enter');
    const answer = botBubbles(page).filter({ hasText: '加粗说明' }).last();
    await answer.waitFor({ timeout: 20_000 });
    expect(await answer.locator('strong', { hasText: '加粗说明' }).count()).toBe(1);
    expect(await answer.locator('a[href="https://help.example/closing"]', { hasText: '帮助中心' }).count()).toBe(1);
    expect(await answer.locator('a[href^="javascript:" i]').count()).toBe(0);

    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('.webchat__basic-transcript img[src="x"], .webchat__basic-transcript script').count()).toBe(0);
    // The knowledge base's HTML shows as the text it is.
    expect(await answer.innerText()).toContain('<script>');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('starts the closure dialog and goes on by clicking a rendered button', async () => {
    const { page, problems } = await openPage(`${app.url}/`);
    await page.getByRole('button', { name: '在线客服', exact: true }).click();
    const input = page.locator('.webchat__send-box-text-box__input');
    await input.waitFor({ timeout: 15_000 });
    await input.fill('我要注销账户');
    await page.keyboard.press('Enter');
    const proceed = page.getByRole('toolbar').getByRole('button', { name: '继续', exact: true });
    await proceed.waitFor({ timeout: 20_000 });
    expect((await page.getByRole('toolbar').getByRole('button').allInnerTexts()).map((t) => t.trim())).toEqual(['继续', '了解更多', '暂不注销']);
    await proceed.click();
    await botBubbles(page).filter({ hasText: '手机号、邮箱或账户 ID' }).waitFor({ timeout: 20_000 });
    // The tap shows as the person's own message, and was delivered.
    await expect.poll(() => page.locator('.webchat__stacked-layout--from-user').filter({ hasText: '继续' }).count()).toBeGreaterThan(0);
    expect(await page.locator('.webchat__activity-status--send-failed, [class*="send-failed"]').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-closure.png') });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows the closure terms as an Adaptive Card whose Accept files the request once, and the closed notice when the link is opened', async () => {
    const account = (await fetchDemoAccounts(app.url)).find((a) => a.scenario === 'closable');
    if (!account) throw new Error('no closable demo account');
    const { page, problems } = await openPage(`${app.url}/`);
    await page.getByRole('button', { name: '在线客服', exact: true }).click();
    const input = page.locator('.webchat__send-box-text-box__input');
    await input.waitFor({ timeout: 15_000 });
    const send = async (text: string) => {
      await input.fill(text);
      await page.keyboard.press('Enter');
    };
    await send('我要注销账户');
    await page.getByRole('toolbar').getByRole('button', { name: '继续', exact: true }).click({ timeout: 20_000 });
    await botBubbles(page).filter({ hasText: '手机号、邮箱或账户 ID' }).waitFor({ timeout: 20_000 });
    await send(account.phone);
    await botBubbles(page).filter({ hasText: '验证码已发送' }).waitFor({ timeout: 20_000 });
    await send(await fetchLatestCode(app.url, account.phone));

    const terms = page.locator('.ac-adaptiveCard').filter({ hasText: '注销须知' });
    await terms.waitFor({ timeout: 20_000 });
    // The card's buttons, not suggested actions under it.
    expect(await page.getByRole('toolbar').getByRole('button', { name: '同意并提交' }).count()).toBe(0);
    const accept = terms.getByRole('button', { name: '同意并提交', exact: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-terms-card.png') });
    await accept.click();
    const filed = page.locator('.ac-adaptiveCard').filter({ hasText: '注销申请已提交' });
    await filed.waitFor({ timeout: 20_000 });
    expect(await filed.innerText()).toMatch(/CR\d{8}[0-9A-Z]{6}/);
    expect(app.runtime.sandbox!.store.countClosureRequests(account.accountId)).toBe(1);

    // Tapping Accept again (the old card is still on screen) files nothing more.
    await accept.click();
    await botBubbles(page).filter({ hasText: '这个按钮对应的步骤已经结束了' }).waitFor({ timeout: 20_000 });
    expect(app.runtime.sandbox!.store.countClosureRequests(account.accountId)).toBe(1);
    expect(await page.locator('.ac-adaptiveCard').filter({ hasText: '注销申请已提交' }).count()).toBe(1);

    // The email link opened elsewhere: the closed notice appears in the open chat, unasked.
    expect((await fetch((await fetchLatestEmail(app.url, account.email)).link!)).status).toBe(200);
    await page.locator('.ac-adaptiveCard').filter({ hasText: '你的 im钱包账户已注销' }).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-closed-notice.png') });
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('embeds with one tag on another site: its locale and brand, by keyboard, on a 375px phone', async () => {
    const site = await startForeignSite(app.url, resolveDirectLineSecret(app.runtime.config.DIRECTLINE_SECRET, app.runtime.config.dataDir));
    const phone = { width: 375, height: 667 };
    try {
      const { page, problems } = await openPage(`${site.url}/en`, phone);
      const launcher = page.getByRole('button', { name: 'Chat with support', exact: true });
      const box = await launcher.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= phone.width && box.y + box.height <= phone.height).toBe(true);

      // From the site's own link, Tab reaches the launcher; Enter opens the chat.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect(await launcher.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Acme Pay support' });
      await expect.poll(() => dialog.isVisible()).toBe(true);
      const panel = await dialog.boundingBox();
      expect(panel && panel.x >= 0 && panel.x + panel.width <= phone.width && panel.y >= 0 && panel.y + panel.height <= phone.height).toBe(true);
      const input = page.locator('.webchat__send-box-text-box__input');
      await expect.poll(() => input.evaluate((el) => el === document.activeElement), { timeout: 15_000 }).toBe(true);

      const question = 'How long does closing my account take?';
      await page.keyboard.type(question);
      await page.keyboard.press('Enter');
      await botBubbles(page).filter({ hasText: plainFragment((await ask(question)).answer) }).first().waitFor({ timeout: 20_000 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);

      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.isVisible()).toBe(false);
      expect(await launcher.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(problems).toEqual([]);
      await page.close();

      // Without data-locale the page's own language decides, and the brand is the default one; the
      // token comes from the site's backend, for the Direct Line the tag names.
      const zh = await openPage(`${site.url}/zh`, phone);
      const requested: string[] = [];
      zh.page.on('request', (r) => requested.push(r.url()));
      await zh.page.getByRole('button', { name: '在线客服', exact: true }).click();
      await expect.poll(() => zh.page.getByRole('dialog', { name: 'im钱包 在线客服' }).isVisible()).toBe(true);
      await expect.poll(() => botBubbles(zh.page).count(), { timeout: 15_000 }).toBeGreaterThan(0);
      expect(requested).toContain(`${site.url}/token`);
      expect(requested).toContain(`${site.directLine}/conversations`);
      expect(zh.problems).toEqual([]);
      await zh.page.close();
    } finally {
      await site.close();
    }
  }, 60_000);

  it('speaks English with ?lang=en', async () => {
    const { page } = await openPage(`${app.url}/?lang=en`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: 'Chat with support', exact: true }).click();
    await expect.poll(() => page.getByRole('dialog', { name: 'im Wallet support' }).isVisible()).toBe(true);
    await expect.poll(() => botBubbles(page).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.close();
  }, 60_000);

  it('serves the page with a CSP that allows only its own scripts', async () => {
    const res = await fetch(`${app.url}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const html = await res.text();
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    const bundle = await fetch(`${app.url}/webchat/webchat.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
  });
});
