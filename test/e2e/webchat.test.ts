import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * Microsoft Web Chat in a real browser (Debian's Chromium, headless) on the demo help center, at a
 * phone's width, against the real bot.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
const ARTIFACTS = path.resolve('test-artifacts');
if (!hasChromium) console.warn(`webchat tests skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

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

/** A phone-sized page that records console errors, page errors and CSP violations. */
async function openPage(url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1 });
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

  it('never runs HTML or script that a person types', async () => {
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
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('.webchat__basic-transcript img[src="x"], .webchat__basic-transcript script').count()).toBe(0);
    await expect.poll(() => page.getByText(payload, { exact: true }).count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
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
