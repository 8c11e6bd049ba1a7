/*
 * Wallet support widget. One tag on any page:
 *   <script src="https://bot.example/widget.js" data-locale="zh-CN" data-brand="im钱包"></script>
 * adds a launcher button that opens Microsoft Web Chat, served by the bot and connected to the
 * bot's own Direct Line. `data-directline` (a Direct Line base URL, such as Azure's) with
 * `data-token-url` (the site's own endpoint that returns a token for it) connect it to another
 * Direct Line instead; see docs/directline.md. Texts come from the server's locale table (injected
 * below); nothing a person or the bot writes is ever inserted as HTML here (Web Chat renders and
 * sanitizes messages).
 */
(function () {
  'use strict';

  var CONFIG = /*__WIDGET_CONFIG__*/ null;
  var script = document.currentScript;
  if (!CONFIG || !script || window.walletSupportWidget) return;

  var origin = new URL(script.src, location.href).origin;
  var locale = pickLocale(script.getAttribute('data-locale') || document.documentElement.lang || navigator.language || '');
  var t = CONFIG.texts[locale];
  var brand = script.getAttribute('data-brand') || t.defaultBrand;
  // A page with a strict CSP passes its nonce on this tag; Web Chat needs it for its <style> elements.
  var nonce = script.nonce || script.getAttribute('nonce') || undefined;
  var directLineUrl = (script.getAttribute('data-directline') || origin + '/v3/directline').replace(/\/+$/, '');
  var tokenUrl = script.getAttribute('data-token-url') || origin + '/api/widget/token';
  // Per Direct Line service: a token from one never opens a conversation on another.
  var storageKey = 'walletSupportWidget:' + directLineUrl;
  var ACCENT = '#0b57d0';
  var FAILED_TO_CONNECT = 4;
  var EXPIRED_TOKEN = 3;
  var ENDED = 5;

  var directLine = null;
  var store = null;
  var chatReady = null;
  var connected = null;
  var markConnected = null;
  var refreshTimer = null;

  function pickLocale(tag) {
    var lower = String(tag).toLowerCase();
    if (lower === 'en' || lower.indexOf('en-') === 0) return 'en';
    if (lower === 'zh' || lower.indexOf('zh-') === 0) return 'zh-CN';
    return CONFIG.defaultLocale;
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text) node.textContent = text;
    return node;
  }

  function chatIcon() {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', '22');
    svg.setAttribute('height', '22');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('fill', 'currentColor');
    path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z');
    svg.appendChild(path);
    return svg;
  }

  var css =
    '.wsw-launcher{position:fixed;right:16px;bottom:16px;z-index:2147483000;display:inline-flex;align-items:center;gap:8px;' +
    'min-height:48px;padding:0 18px;border:0;border-radius:999px;background:' + ACCENT + ';color:#fff;cursor:pointer;' +
    'font:600 16px/1.2 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;box-shadow:0 4px 14px rgba(0,0,0,.25)}' +
    '.wsw-launcher:focus-visible{outline:3px solid #f59e0b;outline-offset:3px}' +
    '.wsw-launcher[hidden],.wsw-panel[hidden],.wsw-status[hidden]{display:none!important}' +
    '.wsw-panel{position:fixed;right:16px;bottom:16px;z-index:2147483001;display:flex;flex-direction:column;width:390px;' +
    'max-width:calc(100vw - 32px);height:min(640px,calc(100vh - 32px));background:#fff;border-radius:14px;overflow:hidden;' +
    'box-shadow:0 8px 32px rgba(0,0,0,.3);font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif}' +
    '@media (max-width:480px){.wsw-panel{top:0;left:0;right:0;bottom:0;width:100%;max-width:100%;height:100%;border-radius:0}}' +
    '.wsw-header{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:8px 8px 8px 16px;background:' + ACCENT + ';color:#fff}' +
    '.wsw-title{margin:0;font-size:16px;font-weight:600;line-height:1.3}' +
    '.wsw-close{flex:none;width:44px;height:44px;border:0;border-radius:8px;background:transparent;color:#fff;font-size:26px;line-height:1;cursor:pointer}' +
    '.wsw-close:hover{background:rgba(255,255,255,.15)}.wsw-close:focus-visible{outline:3px solid #fff;outline-offset:-3px}' +
    '.wsw-chat{flex:1;min-height:0}' +
    '.wsw-status{padding:16px;color:#424a53;font-size:15px}' +
    '.wsw-status button{margin-top:12px;font:inherit;padding:6px 16px;border-radius:999px;border:1px solid ' + ACCENT + ';background:#fff;color:' + ACCENT + ';cursor:pointer}';

  var style = element('style');
  if (nonce) style.nonce = nonce;
  style.textContent = css;
  document.head.appendChild(style);

  var launcher = element('button', { type: 'button', class: 'wsw-launcher', 'aria-haspopup': 'dialog', 'aria-expanded': 'false', 'aria-controls': 'wsw-panel' });
  launcher.appendChild(chatIcon());
  launcher.appendChild(element('span', {}, t.launcher));

  var panel = element('div', { id: 'wsw-panel', class: 'wsw-panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'wsw-title', lang: locale });
  panel.hidden = true;
  var header = element('div', { class: 'wsw-header' });
  header.appendChild(element('h2', { id: 'wsw-title', class: 'wsw-title' }, t.title.replace('{brand}', brand)));
  var closeButton = element('button', { type: 'button', class: 'wsw-close', 'aria-label': t.close, title: t.close }, '×');
  header.appendChild(closeButton);
  var status = element('div', { class: 'wsw-status', role: 'status', 'aria-live': 'polite' });
  var chat = element('div', { class: 'wsw-chat' });
  panel.appendChild(header);
  panel.appendChild(status);
  panel.appendChild(chat);
  document.body.appendChild(panel);
  document.body.appendChild(launcher);

  function showStatus(text, retry) {
    status.textContent = text;
    if (retry) {
      var again = element('button', { type: 'button' }, t.retry);
      again.addEventListener('click', function () {
        reset();
        ensureChat().then(focusInput, function () {});
      });
      status.appendChild(element('br'));
      status.appendChild(again);
    }
    status.hidden = false;
  }

  function open() {
    if (panel.hidden) {
      panel.hidden = false;
      launcher.hidden = true;
      launcher.setAttribute('aria-expanded', 'true');
      closeButton.focus();
    }
    return ensureChat().then(focusInput, function () {});
  }

  function close() {
    if (panel.hidden) return;
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  /** Moves focus to Web Chat's message box once it has rendered. */
  function focusInput() {
    var tries = 0;
    (function attempt() {
      if (panel.hidden) return;
      var input = chat.querySelector('.webchat__send-box-text-box__input');
      if (input) input.focus();
      else if (tries++ < 60) setTimeout(attempt, 50);
    })();
  }

  function ask(text) {
    open();
    return ensureChat()
      .then(function () {
        return connected;
      })
      .then(function () {
        store.dispatch({ type: 'WEB_CHAT/SEND_MESSAGE', payload: { text: String(text) } });
      }, function () {});
  }

  function ensureChat() {
    if (!chatReady) {
      chatReady = start().catch(function (err) {
        chatReady = null;
        showStatus(t.failed, true);
        throw err;
      });
    }
    return chatReady;
  }

  function start() {
    showStatus(t.connecting, false);
    return Promise.all([loadWebChat(), session()]).then(function (results) {
      render(results[1]);
    });
  }

  function loadWebChat() {
    if (window.WebChat) return Promise.resolve();
    return new Promise(function (resolve, reject) {
      var tag = element('script', { src: origin + '/webchat/webchat.js' });
      if (nonce) tag.nonce = nonce;
      tag.onload = function () {
        resolve();
      };
      tag.onerror = function () {
        reject(new Error('Web Chat did not load'));
      };
      document.head.appendChild(tag);
    });
  }

  /** The tab's conversation if it is still valid (so navigating the site keeps the chat), else a new one. */
  function session() {
    var saved = readSaved();
    if (saved && saved.expiresAt - Date.now() > 60000) {
      return Promise.resolve({ token: saved.token, conversationId: saved.conversationId, expiresIn: (saved.expiresAt - Date.now()) / 1000, resume: true });
    }
    return fetch(tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
      .then(function (res) {
        if (!res.ok) throw new Error('token request failed: ' + res.status);
        return res.json();
      })
      .then(function (body) {
        return { token: body.token, conversationId: body.conversationId, expiresIn: body.expires_in, resume: false };
      });
  }

  function render(current) {
    var options = { domain: directLineUrl, token: current.token, webSocket: true, conversationStartProperties: { locale: locale } };
    // Resuming: reconnect to the conversation and replay it from the start.
    if (current.resume) {
      options.conversationId = current.conversationId;
      options.watermark = '0';
    }
    directLine = window.WebChat.createDirectLine(options);
    save(current.conversationId, current.token, current.expiresIn);
    scheduleRefresh(current.expiresIn);
    connected = new Promise(function (resolve) {
      markConnected = resolve;
    });
    store = window.WebChat.createStore({}, function () {
      return function (next) {
        return function (action) {
          if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED') markConnected();
          return next(action);
        };
      };
    });
    directLine.connectionStatus$.subscribe(function (value) {
      if (value === FAILED_TO_CONNECT || value === EXPIRED_TOKEN || value === ENDED) {
        clearSaved();
        showStatus(t.failed, true);
      }
    });
    status.hidden = true;
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        store: store,
        locale: locale,
        nonce: nonce,
        renderMarkdown: renderMarkdown,
        styleOptions: {
          accent: ACCENT,
          botAvatarInitials: Array.from(brand).slice(0, 2).join(''),
          hideUploadButton: true,
          // Raw HTML in a message (typed, or in a knowledge answer) shows as text; only Markdown renders.
          markdownRenderHTML: false,
          disableFileUpload: true,
          rootHeight: '100%',
          rootWidth: '100%',
          bubbleBorderRadius: 12,
          bubbleFromUserBorderRadius: 12,
          bubbleFromUserBackground: '#e8f0fe',
          suggestedActionLayout: 'flow',
          suggestedActionBorderRadius: 999,
          primaryFont: 'system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif',
        },
      },
      chat,
    );
  }

  /**
   * Web Chat's own Markdown renderer (it sanitizes), with one change: the bot writes a single newline
   * as a line break, as WeChat and Teams show it, where Markdown would join the two lines.
   */
  function renderMarkdown(markdown, options, init) {
    return window.WebChat.renderMarkdown(String(markdown).replace(/([^\r\n])\n(?=[^\r\n])/g, '$1  \n'), options, init);
  }

  /** DirectLineJS refreshes every 15 minutes; this also covers shorter token lifetimes and keeps the saved token current. */
  function scheduleRefresh(expiresIn) {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(function () {
      if (!directLine) return;
      fetch(directLineUrl + '/tokens/refresh', { method: 'POST', headers: { Authorization: 'Bearer ' + directLine.token } })
        .then(function (res) {
          if (!res.ok) throw new Error('refresh failed: ' + res.status);
          return res.json();
        })
        .then(function (body) {
          directLine.token = body.token;
          save(body.conversationId, body.token, body.expires_in);
          scheduleRefresh(body.expires_in);
        })
        .catch(function () {
          scheduleRefresh(60);
        });
    }, Math.max(30, expiresIn / 2) * 1000);
  }

  function reset() {
    clearTimeout(refreshTimer);
    if (directLine) directLine.end();
    directLine = null;
    clearSaved();
    var fresh = element('div', { class: 'wsw-chat' });
    panel.replaceChild(fresh, chat);
    chat = fresh;
    chatReady = null;
  }

  function readSaved() {
    try {
      var value = JSON.parse(sessionStorage.getItem(storageKey) || 'null');
      return value && typeof value.token === 'string' && typeof value.conversationId === 'string' ? value : null;
    } catch (err) {
      return null;
    }
  }

  function save(conversationId, token, expiresIn) {
    try {
      sessionStorage.setItem(storageKey, JSON.stringify({ conversationId: conversationId, token: token, expiresAt: Date.now() + expiresIn * 1000 }));
    } catch (err) {
      /* storage may be disabled: the chat still works, it just does not survive a reload */
    }
  }

  function clearSaved() {
    try {
      sessionStorage.removeItem(storageKey);
    } catch (err) {
      /* nothing saved */
    }
  }

  launcher.addEventListener('click', function () {
    open();
  });
  closeButton.addEventListener('click', close);
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      close();
    }
  });

  window.walletSupportWidget = { open: open, close: close, ask: ask };
})();
