import { escapeHtml, scriptJson } from '../../web/html';
import type { Locale } from '../../knowledge/topicSchema';
import { CONSOLE_TEXTS } from './consoleTexts';

/** The console's one page; the script builds the rest from the API, with the texts embedded as data. */
export function renderConsolePage(locale: Locale): string {
  const texts = CONSOLE_TEXTS[locale];
  const other: Locale = locale === 'en' ? 'zh-CN' : 'en';
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(texts.title)}</title>
<link rel="stylesheet" href="/agent/console.css">
<script type="application/json" id="console-texts">${scriptJson({ locale, texts })}</script>
<script src="/agent/console.js" defer></script>
</head>
<body>
<header><h1>${escapeHtml(texts.title)}</h1><a id="other-language" href="/agent?lang=${other}">${escapeHtml(texts.otherLanguage)}</a><span id="who"></span><button id="sign-out" hidden>${escapeHtml(texts.signOut)}</button></header>
<main>
<form id="login-form" hidden>
<label>${escapeHtml(texts.username)} <input id="username" name="username" autocomplete="username" required maxlength="64"></label>
<label>${escapeHtml(texts.password)} <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256"></label>
<button type="submit">${escapeHtml(texts.signIn)}</button>
<p id="login-error" role="alert"></p>
</form>
<div id="desk" hidden>
<section id="queue-pane"><h2>${escapeHtml(texts.queue)}</h2><ul id="queue"></ul></section>
<section id="conversation-pane"><p id="pick">${escapeHtml(texts.pick)}</p><div id="conversation" hidden></div></section>
</div>
<p id="error" role="alert"></p>
</main>
</body>
</html>`;
}
