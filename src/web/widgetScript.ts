import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scriptJson } from './html';
import { WEB_LOCALES, webTexts, type WebLocale, type WidgetTexts } from './webTexts';

const TEMPLATE_FILE = fileURLToPath(new URL('./assets/widget.js', import.meta.url));
const PLACEHOLDER = '/*__WIDGET_CONFIG__*/ null';

/** widget.js with the widget's texts (every locale) and the default locale written into it. */
export function buildWidgetScript(defaultLocale: WebLocale): string {
  const template = fs.readFileSync(TEMPLATE_FILE, 'utf8');
  if (!template.includes(PLACEHOLDER)) throw new Error(`${TEMPLATE_FILE} lacks its config placeholder`);
  const texts = Object.fromEntries(WEB_LOCALES.map((l) => [l, webTexts[l].widget])) as Record<WebLocale, WidgetTexts>;
  return template.replace(PLACEHOLDER, () => scriptJson({ texts, defaultLocale }));
}
