// The agent console: sign in, watch the queue, claim a conversation, talk, hand back or close.
// Everything goes through /agent/api; text is set with textContent only, never as HTML.
(function () {
  'use strict';
  const { locale, texts: T } = JSON.parse(document.getElementById('console-texts').textContent);
  const $ = (id) => document.getElementById(id);
  const TOKEN_KEY = 'agentToken';
  let me = null;
  let selected = null;
  let lastTyping = 0;
  let events = null;
  // A slow poll covers events missed while the stream reconnects.
  const POLL_MS = 15000;
  setInterval(() => {
    if (me) refreshQueue().catch(() => {});
  }, POLL_MS);

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children) if (child != null) node.append(child);
    return node;
  }

  async function api(method, path, body) {
    const res = await fetch('/agent/api' + path, {
      method,
      headers: { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY), ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (res.status === 401) {
      signedOut(T.sessionExpired);
      throw new Error(T.sessionExpired);
    }
    const data = res.status === 204 ? null : await res.json();
    if (!res.ok) throw new Error(data && data.error ? data.error.message : String(res.status));
    return data;
  }

  function showError(err) {
    $('error').textContent = err ? T.failed + err.message : '';
  }

  function signedOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    if (events) events.abort();
    me = null;
    $('desk').hidden = true;
    $('sign-out').hidden = true;
    $('who').textContent = '';
    $('login-form').hidden = false;
    $('login-error').textContent = message || '';
  }

  async function signedIn() {
    me = await api('GET', '/me');
    $('login-form').hidden = true;
    $('desk').hidden = false;
    $('sign-out').hidden = false;
    $('who').textContent = me.username;
    listen();
    await refreshQueue();
  }

  // Server-sent events over fetch (EventSource cannot send the Bearer token).
  async function listen() {
    if (events) events.abort();
    const controller = new AbortController();
    events = controller;
    try {
      const res = await fetch('/agent/api/events', { headers: { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY) }, signal: controller.signal });
      if (!res.ok) throw new Error(String(res.status));
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (data) onEvent(JSON.parse(data.slice(6)));
        }
      }
    } catch (err) {
      if (controller.signal.aborted) return;
    }
    if (me && events === controller) setTimeout(listen, 2000);
  }

  function onEvent(event) {
    refreshQueue().catch(showError);
    if (selected && event.caseId === selected) openConversation(selected).catch(showError);
  }

  async function refreshQueue() {
    const items = await api('GET', '/queue');
    const list = $('queue');
    list.replaceChildren(
      ...(items.length === 0
        ? [el('li', { className: 'empty', textContent: T.emptyQueue })]
        : items.map((item) => {
            const li = el(
              'li',
              { className: 'case' + (item.urgent ? ' urgent' : '') + (item.id === selected ? ' selected' : ''), tabIndex: 0 },
              item.urgent ? el('strong', { className: 'badge', textContent: T.urgent }) : null,
              el('span', { className: 'reason', textContent: T.reasons[item.reason] || item.reason }),
              el('span', { className: 'meta', textContent: [item.channel, item.locale, T.statuses[item.status]].join(' · ') }),
              el('time', { textContent: T.waitingSince + ' ' + new Date(item.waitingSince).toLocaleTimeString(locale) }),
              item.claimedBy ? el('span', { className: 'holder', textContent: T.claimedBy + ': ' + item.claimedBy }) : null,
              item.outsideHours ? el('span', { className: 'outside', textContent: T.outsideHours }) : null,
            );
            li.dataset.id = item.id;
            li.addEventListener('click', () => openConversation(item.id).catch(showError));
            li.addEventListener('keydown', (e) => e.key === 'Enter' && openConversation(item.id).catch(showError));
            return li;
          })),
    );
  }

  function summaryList(c) {
    const s = c.summary;
    const rows = [
      [T.channel, c.channel],
      [T.language, s.language],
      [T.reason, (T.reasons[s.reason] || s.reason) + (s.urgent ? ' (' + T.urgent + ')' : '')],
      [T.status, T.statuses[c.status] + (c.claimedBy ? ' · ' + c.claimedBy : '')],
      [T.intents, s.intentsSeen.join(', ') || '—'],
      [T.topics, s.topicsAnswered.join(', ') || '—'],
      [T.verified, s.verified ? T.yes : T.no],
      [T.account, s.accountId || '—'],
      [T.misses, String(s.missesInARow)],
      [T.closureRequest, s.closureRequest ? s.closureRequest.requestId + ' · ' + s.closureRequest.status : '—'],
      [T.blockers, s.blockers && s.blockers.length ? s.blockers.join(', ') : '—'],
    ];
    return el('dl', { id: 'summary' }, ...rows.flatMap(([k, v]) => [el('dt', { textContent: k }), el('dd', { textContent: v })]));
  }

  async function openConversation(id) {
    const sameCase = selected === id;
    selected = id;
    const c = await api('GET', '/conversations/' + id);
    // A re-render (a new line arrived) keeps what the agent was writing, and where: read once the
    // conversation is in, so what was typed while it loaded is kept too.
    const draft = $('message') ? $('message').value : '';
    const noteDraft = $('note') ? $('note').value : '';
    const focused = document.activeElement ? document.activeElement.id : '';
    const mine = c.status === 'claimed' && c.claimedBy === me.username;
    const pane = $('conversation');
    const transcript = el(
      'ol',
      { id: 'transcript' },
      ...c.transcript.map((line) =>
        el('li', { className: 'line ' + line.sender }, el('b', { textContent: (line.sender === 'agent' ? line.agent || T.agent : T[line.sender]) + ': ' }), el('span', { className: 'text', textContent: line.text })),
      ),
    );
    const message = el('textarea', { id: 'message', placeholder: T.message, maxLength: 2000, disabled: !mine, value: sameCase ? draft : '' });
    message.addEventListener('input', () => {
      if (Date.now() - lastTyping > 3000) {
        lastTyping = Date.now();
        api('POST', '/conversations/' + id + '/typing').catch(() => {});
      }
    });
    const send = el('button', { id: 'send', textContent: T.send, disabled: !mine });
    send.addEventListener('click', () => {
      const text = message.value;
      // Cleared once sent, before the re-render keeps the box's text as a draft; what was typed since stays.
      act('/messages', { text }, () => {
        if (message.value === text) message.value = '';
      });
    });
    const suggestions = el(
      'ul',
      { id: 'suggestions' },
      ...c.suggestions.map((s) => {
        const insert = el('button', { className: 'insert', textContent: T.insert, disabled: !mine });
        insert.addEventListener('click', () => {
          message.value = s.text;
          message.focus();
        });
        return el('li', {}, el('b', { textContent: s.title }), insert);
      }),
    );
    const claim = el('button', { id: 'claim', textContent: T.claim, hidden: c.status !== 'waiting' });
    claim.addEventListener('click', () => act('/claim'));
    const release = el('button', { id: 'release', textContent: T.release, hidden: !mine });
    release.addEventListener('click', () => act('/release'));
    const note = el('input', { id: 'note', placeholder: T.note, maxLength: 2000, hidden: !(mine || c.status === 'waiting'), value: sameCase ? noteDraft : '' });
    const close = el('button', { id: 'close', textContent: T.close, hidden: !(mine || c.status === 'waiting') });
    close.addEventListener('click', () => act('/close', { note: note.value }));

    async function act(path, body, done) {
      showError(null);
      try {
        await api('POST', '/conversations/' + id + path, body);
        if (done) done();
        await Promise.all([openConversation(id), refreshQueue()]);
      } catch (err) {
        showError(err);
      }
    }

    pane.replaceChildren(
      el('div', { className: 'actions' }, claim, release, note, close),
      el('h3', { textContent: T.summary }),
      summaryList(c),
      el('h3', { textContent: T.transcript }),
      transcript,
      el('h3', { textContent: T.suggestions }),
      suggestions,
      el('div', { className: 'compose' }, message, send),
    );
    pane.hidden = false;
    $('pick').hidden = true;
    transcript.scrollTop = transcript.scrollHeight;
    if (sameCase && (focused === 'message' || focused === 'note') && !$(focused).disabled) $(focused).focus();
    for (const li of $('queue').children) li.classList.toggle('selected', li.dataset.id === id);
  }

  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('login-error').textContent = '';
    const res = await fetch('/agent/api/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: $('username').value, password: $('password').value }),
    });
    if (!res.ok) {
      $('login-error').textContent = T.wrongPassword;
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, (await res.json()).token);
    $('password').value = '';
    signedIn().catch(showError);
  });

  $('sign-out').addEventListener('click', () => {
    api('POST', '/logout').catch(() => {});
    signedOut();
  });

  if (sessionStorage.getItem(TOKEN_KEY)) signedIn().catch(() => signedOut());
  else signedOut();
})();
