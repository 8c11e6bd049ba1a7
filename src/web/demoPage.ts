import { escapeHtml } from './html';
import { webTexts, type WebLocale } from './webTexts';

/**
 * The demo help center: a static page in one language with the one-line widget embed. Every text
 * comes from the locale table and is escaped; no user or knowledge-base text is ever put into it.
 */
export function renderDemoPage(locale: WebLocale, nonce: string): string {
  const { page, widget } = webTexts[locale];
  const other: WebLocale = locale === 'en' ? 'zh-CN' : 'en';
  const brand = widget.defaultBrand;
  const e = escapeHtml;
  const questions = page.questions
    .map(
      (q) => `
        <li class="card">
          <h3>${e(q.question)}</h3>
          <p>${e(q.summary)}</p>
          <button type="button" class="ask" data-question="${e(q.question)}">${e(page.askSupport)}</button>
        </li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="${e(locale)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${e(page.htmlTitle.replace('{brand}', brand))}</title>
  <link rel="stylesheet" href="/assets/help-center.css">
</head>
<body>
  <header class="site-header">
    <a class="brand" href="/?lang=${e(locale)}">${e(brand)}</a>
    <span class="section-name">${e(page.helpCenter)}</span>
    <a class="language" href="/?lang=${e(other)}" lang="${e(other)}" hreflang="${e(other)}">${e(page.switchLanguage)}</a>
  </header>
  <main>
    <section class="hero">
      <h1>${e(page.heroTitle)}</h1>
      <p>${e(page.heroText)}</p>
    </section>
    <section aria-labelledby="closure-title">
      <h2 id="closure-title">${e(page.closureSection)}</h2>
      <ul class="questions">${questions}
      </ul>
    </section>
    <section class="contact" aria-labelledby="contact-title">
      <h2 id="contact-title">${e(page.contactTitle)}</h2>
      <p>${e(page.contactText)}</p>
      <button type="button" class="open-chat">${e(page.openChat)}</button>
    </section>
  </main>
  <footer class="site-footer">${e(page.footer)}</footer>
  <script src="/assets/help-center.js" defer></script>
  <script src="/widget.js" data-locale="${e(locale)}" data-brand="${e(brand)}" nonce="${e(nonce)}"></script>
</body>
</html>
`;
}
