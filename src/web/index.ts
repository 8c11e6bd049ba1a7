import { fileURLToPath } from 'node:url';
import type express from 'express';
import type { BotRuntime } from '../bot/runtime';
import { directLineChannel } from '../channels/directline/directLineChannel';
import { publicBaseUrl } from '../channels/directline/streamUrl';
import { contentSecurityPolicy, newNonce, SECURITY_HEADERS } from './csp';
import { renderDemoPage } from './demoPage';
import { webChatBundleHandler } from './webChatBundle';
import { webLocale } from './webTexts';
import { LIMITS, rateLimitsFor } from './rateLimiter';
import { widgetTokenRouter } from './widgetTokenRoute';
import { buildWidgetScript } from './widgetScript';

const ASSETS = new URL('./assets/', import.meta.url);

/**
 * The web widget: the demo help center at `/`, the one-line embed `/widget.js`, Web Chat's bundle
 * at `/webchat/webchat.js`, and `POST /api/widget/token` (a Direct Line token; the secret stays here).
 */
export function mountWebWidget(app: express.Express, runtime: BotRuntime): void {
  const defaultLocale = runtime.config.DEFAULT_LOCALE;
  const widgetScript = buildWidgetScript(defaultLocale);

  app.use('/api/widget', widgetTokenRouter(directLineChannel(runtime), rateLimitsFor(runtime).limiter(LIMITS.widgetTokens)));

  app.get('/widget.js', (_req, res) => {
    res.set({ ...SECURITY_HEADERS, 'Content-Type': 'application/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
    res.send(widgetScript);
  });
  app.get('/webchat/webchat.js', webChatBundleHandler());
  for (const [file, type] of [
    ['help-center.css', 'text/css; charset=utf-8'],
    ['help-center.js', 'application/javascript; charset=utf-8'],
  ] as const) {
    const filePath = fileURLToPath(new URL(file, ASSETS));
    app.get(`/assets/${file}`, (_req, res) => {
      res.set({ ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'public, max-age=300' });
      res.sendFile(filePath);
    });
  }

  // Browsers ask for it on every page; an empty answer beats a 404 in the console.
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });

  app.get('/', (req, res) => {
    const lang = typeof req.query['lang'] === 'string' ? req.query['lang'] : undefined;
    const locale = webLocale(lang, defaultLocale);
    const nonce = newNonce();
    const streamOrigin = new URL(publicBaseUrl(req, runtime.config.PUBLIC_URL)).origin.replace(/^http/i, 'ws');
    res.set({
      ...SECURITY_HEADERS,
      'Content-Security-Policy': contentSecurityPolicy(nonce, streamOrigin),
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Language': locale,
    });
    res.send(renderDemoPage(locale, nonce));
  });
}
