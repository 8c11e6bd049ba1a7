import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import type { Locale } from '../../knowledge/topicSchema';
import { SECURITY_HEADERS } from '../../web/csp';
import { webLocale } from '../../web/webTexts';
import { renderConsolePage } from './consolePage';

const ASSETS = new URL('./assets/', import.meta.url);

/** Only this origin, no inline script, no framing by other sites: the page holds an agent's session. */
const CONSOLE_CSP = [
  "default-src 'none'",
  "base-uri 'none'",
  "object-src 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
].join('; ');

/** The agent console page at `/agent` (`?lang=en` or `?lang=zh-CN`), and its script and styles. Its data comes from the signed-in API. */
export function consoleRouter(defaultLocale: Locale): Router {
  const router = express.Router();
  router.get('/', (req, res) => {
    const locale = webLocale(typeof req.query['lang'] === 'string' ? req.query['lang'] : undefined, defaultLocale);
    res.set({ ...SECURITY_HEADERS, 'Content-Security-Policy': CONSOLE_CSP, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Language': locale });
    res.send(renderConsolePage(locale));
  });
  for (const [file, type] of [
    ['console.js', 'application/javascript; charset=utf-8'],
    ['console.css', 'text/css; charset=utf-8'],
  ] as const) {
    const filePath = fileURLToPath(new URL(file, ASSETS));
    router.get(`/${file}`, (_req, res) => {
      res.set({ ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-cache' });
      res.sendFile(filePath);
    });
  }
  return router;
}
