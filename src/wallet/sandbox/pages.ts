import type { ConfirmOutcome, OutboxEntry } from './store';

/** HTML for the sandbox's people-facing pages: the outbox and the email confirmation result. */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function page(title: string, body: string, extraHead = ''): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${extraHead}
<style>
  body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
  .entry { border: 1px solid #ddd; border-radius: 6px; padding: .75rem 1rem; margin: .75rem 0; }
  .meta { color: #666; font-size: .85rem; margin-bottom: .4rem; }
  .kind { font-weight: 600; text-transform: uppercase; margin-right: .5rem; }
  pre { white-space: pre-wrap; word-break: break-word; margin: 0; font-family: inherit; }
  .empty { color: #666; }
</style>
</head>
<body>
${body}
</body>
</html>`;
}

/** Only links the sandbox itself built (http/https) become clickable. */
function safeHref(link: string): string | undefined {
  try {
    const url = new URL(link);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

export function renderOutbox(entries: OutboxEntry[]): string {
  const items = entries
    .map((e) => {
      const href = e.link ? safeHref(e.link) : undefined;
      const link = href
        ? `<p><a href="${escapeHtml(href)}">确认注销 / Confirm closure: ${escapeHtml(href)}</a></p>`
        : '';
      return `<div class="entry">
  <div class="meta"><span class="kind">${e.kind === 'code' ? 'SMS' : 'Email'}</span>to ${escapeHtml(e.to)} · ${escapeHtml(e.createdAt)}</div>
  <pre>${escapeHtml(e.text)}</pre>
  ${link}
</div>`;
    })
    .join('\n');
  return page(
    'Sandbox wallet outbox',
    `<h1>沙箱钱包发件箱 / Sandbox wallet outbox</h1>
<p>短信验证码和邮件都在这里，最新的在前。/ Codes and emails the sandbox wallet sent, newest first.
JSON: <code>Accept: application/json</code>. Demo accounts: <a href="accounts">accounts</a>.</p>
${items || '<p class="empty">还没有消息。/ Nothing sent yet.</p>'}`,
    '<meta http-equiv="refresh" content="5">',
  );
}

export function renderConfirmation(result: ConfirmOutcome): { status: number; html: string } {
  const id = result.outcome === 'unknown' ? '' : escapeHtml(result.request.requestId);
  switch (result.outcome) {
    case 'confirmed':
      return {
        status: 200,
        html: page(
          'Closure confirmed',
          `<h1>已确认注销申请 ${id}</h1>
<p>正在处理，稍后即会完成。您可以回到聊天中询问“我的注销进度”。</p>
<h1 lang="en">Closure request ${id} confirmed</h1>
<p lang="en">It is being processed and will be completed shortly. Ask the chat bot "status of my closure" to follow it.</p>`,
        ),
      };
    case 'already':
      return {
        status: 200,
        html: page(
          'Already confirmed',
          `<h1>注销申请 ${id} 已确认过</h1>
<p>当前状态：${escapeHtml(result.request.status)}。无需再次操作。</p>
<h1 lang="en">Closure request ${id} was already confirmed</h1>
<p lang="en">Current status: ${escapeHtml(result.request.status)}. Nothing more to do.</p>`,
        ),
      };
    case 'not-confirmable':
      return {
        status: 409,
        html: page(
          'Cannot confirm',
          `<h1>注销申请 ${id} 无法确认</h1>
<p>该申请已${result.request.status === 'cancelled' ? '取消' : '被拒绝'}，账户不会被注销。</p>
<h1 lang="en">Closure request ${id} cannot be confirmed</h1>
<p lang="en">The request was ${escapeHtml(result.request.status)}; the account will not be closed.</p>`,
        ),
      };
    case 'unknown':
      return {
        status: 404,
        html: page(
          'Link not valid',
          `<h1>链接无效</h1>
<p>找不到这个确认链接对应的注销申请。</p>
<h1 lang="en">This link is not valid</h1>
<p lang="en">No closure request matches this confirmation link.</p>`,
        ),
      };
  }
}
