import type { TurnContext } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DirectLineTokens } from '../../src/channels/directline/tokens';
import { ECHO_SECRET as SECRET, startEchoDirectLine, type EchoDirectLine } from '../support/directLineEchoServer';
import { upgradeStatus } from '../support/directLineNode';

type ActivitySet = { activities: Record<string, unknown>[]; watermark?: string };

let echo: EchoDirectLine;
let base: string;

beforeAll(async () => {
  echo = await startEchoDirectLine({ keepAliveMs: 200 });
  base = echo.base;
});

afterAll(async () => {
  await echo.close();
});

async function call(method: string, route: string, auth: string | undefined, body?: unknown, raw?: string) {
  const res = await fetch(`${base}/v3/directline${route}`, {
    method,
    headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), 'content-type': 'application/json' },
    ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

async function start(auth = SECRET) {
  const res = await call('POST', '/conversations', auth, { user: {}, locale: 'en-US' });
  return res.body as { conversationId: string; token: string; streamUrl: string; expires_in: number };
}

/** A stream client that records every ActivitySet and waits for activities matching a predicate. */
function openStream(url: string) {
  const ws = new WebSocket(url);
  const sets: ActivitySet[] = [];
  let empty = 0;
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    const text = data.toString();
    if (text === '') empty++;
    else sets.push(JSON.parse(text) as ActivitySet);
    waiters.splice(0).forEach((w) => w());
  });
  const activities = () => sets.flatMap((s) => s.activities);
  return {
    ws,
    sets,
    activities,
    emptyFrames: () => empty,
    opened: new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    }),
    async until(predicate: (all: Record<string, unknown>[]) => boolean, ms = 5000): Promise<Record<string, unknown>[]> {
      const deadline = Date.now() + ms;
      while (!predicate(activities())) {
        if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(activities().map((a) => a['text'] ?? a['type']))}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return activities();
    },
    close: () => new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.close();
    }),
  };
}

const texts = (all: Record<string, unknown>[]) => all.filter((a) => a['type'] === 'message').map((a) => a['text']);

describe('Direct Line protocol over an echo bot', () => {
  it('starts a conversation with an absolute stream URL, a dl_ user in the token, and the welcome on the stream', async () => {
    const res = await call('POST', '/conversations', SECRET, { user: {} });
    expect(res.status).toBe(201);
    const { conversationId, token, streamUrl, expires_in } = res.body as Record<string, string>;
    expect(expires_in).toBe(1800);
    expect(streamUrl).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${conversationId}/stream\\?t=`));
    const claims = JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString()) as { user: string; conv: string };
    expect(claims.user).toMatch(/^dl_/);
    expect(claims.conv).toBe(conversationId);

    const stream = openStream(streamUrl!);
    const all = await stream.until((a) => texts(a).length >= 1);
    expect(texts(all)).toEqual([`welcome wallet-support-bot,${claims.user}`]);
    expect(all[0]).toMatchObject({ id: `${conversationId}|0000001`, from: { role: 'bot' } });
    expect(stream.sets[0]?.watermark).toBe('1');
    await stream.close();
  });

  it('echoes the user activity with a server id and its clientActivityID, then streams typing and the reply in order', async () => {
    const { conversationId, token, streamUrl } = await start();
    const stream = openStream(streamUrl);
    await stream.until((a) => texts(a).length >= 1);
    const posted = await call('POST', `/conversations/${conversationId}/activities`, token, {
      type: 'message',
      text: 'hello',
      locale: 'zh-CN',
      from: { id: 'forged', role: 'user' },
      channelData: { clientActivityID: 'client-1' },
      id: 'client-chosen',
    });
    expect(posted.status).toBe(200);
    expect(posted.body['id']).toBe(`${conversationId}|0000002`);

    const all = await stream.until((a) => texts(a).includes('echo: hello'));
    const echoed = all.find((a) => a['text'] === 'hello')!;
    expect(echoed).toMatchObject({ id: posted.body['id'], channelData: { clientActivityID: 'client-1' }, from: { role: 'user' } });
    expect((echoed['from'] as { id: string }).id).toMatch(/^dl_/);
    const order = all.map((a) => (a['type'] === 'typing' ? 'typing' : a['text']));
    expect(order.slice(1)).toEqual(['hello', 'typing', 'echo: hello']);
    const reply = all.at(-1)!;
    expect(reply).toMatchObject({ replyToId: posted.body['id'], channelData: { sources: [{ id: 't1' }] }, suggestedActions: { actions: [{ title: 'A' }, { title: 'B' }] } });
    expect(reply['serviceUrl']).toBeUndefined();
    expect(echo.bot.seen.at(-1)).toEqual({ text: 'hello', locale: 'zh-CN', fromId: (echoed['from'] as { id: string }).id });
    await stream.close();
  });

  it('sends what one turn produces as one ActivitySet, in order, its watermark past the last kept one', async () => {
    const { conversationId, token, streamUrl } = await start();
    const stream = openStream(streamUrl);
    await stream.until((a) => texts(a).length >= 1);
    const before = stream.sets.length;
    await call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text: 'together' });
    await stream.until((a) => texts(a).includes('echo: together'));
    const sets = stream.sets.slice(before);
    expect(sets).toHaveLength(1);
    expect(sets[0]!.activities.map((a) => (a['type'] === 'typing' ? 'typing' : a['text']))).toEqual(['together', 'typing', 'echo: together']);
    expect(sets[0]!.watermark).toBe('3');
    await stream.close();
  });

  it('serves the same activities by polling with watermarks (typing is stream-only)', async () => {
    const { conversationId, token } = await start();
    await call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text: 'one' });
    const first = await call('GET', `/conversations/${conversationId}/activities?watermark=`, token);
    expect(texts(first.body['activities'] as Record<string, unknown>[])).toEqual([expect.stringMatching(/^welcome/), 'one', 'echo: one']);
    expect(first.body['watermark']).toBe('3');
    const nothing = await call('GET', `/conversations/${conversationId}/activities?watermark=3`, token);
    expect(nothing.body).toEqual({ activities: [], watermark: '3' });
    await call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text: 'two' });
    const next = await call('GET', `/conversations/${conversationId}/activities?watermark=3`, token);
    expect(texts(next.body['activities'] as Record<string, unknown>[])).toEqual(['two', 'echo: two']);
    expect(next.body['watermark']).toBe('5');
  });

  it('reconnects with a watermark and replays exactly what was missed, proactive messages included', async () => {
    const { conversationId, token, streamUrl } = await start();
    const first = openStream(streamUrl);
    await first.until((a) => texts(a).length >= 1);
    const watermark = first.sets.at(-1)!.watermark!;
    await first.close();

    await call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text: 'while away' });
    await echo.channel.sendToConversation({ channelId: 'directline', conversation: { id: conversationId, isGroup: false, conversationType: '', name: '' } }, { text: 'an agent writes' });
    await echo.channel.continueConversation({ channelId: 'directline', conversation: { id: conversationId, isGroup: false, conversationType: '', name: '' } }, async (context: TurnContext) => {
      await context.sendActivity('status: processing');
    });

    const again = await call('GET', `/conversations/${conversationId}?watermark=${watermark}`, token);
    expect(again.status).toBe(200);
    expect(again.body['streamUrl']).toContain(`watermark=${watermark}`);
    const second = openStream(again.body['streamUrl'] as string);
    const all = await second.until((a) => texts(a).includes('status: processing'));
    expect(texts(all)).toEqual(['while away', 'echo: while away', 'an agent writes', 'status: processing']);
    expect(all.find((a) => a['text'] === 'an agent writes')).toMatchObject({ from: { role: 'bot' } });

    // Without a watermark a reconnect carries on from now.
    const fresh = await call('GET', `/conversations/${conversationId}`, token);
    const third = openStream(fresh.body['streamUrl'] as string);
    await third.opened;
    await call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text: 'later' });
    expect(texts(await third.until((a) => texts(a).includes('echo: later')))).toEqual(['later', 'echo: later']);
    await Promise.all([second.close(), third.close()]);
  });

  it('keeps the stream alive with empty frames', async () => {
    const { streamUrl } = await start();
    const stream = openStream(streamUrl);
    await stream.opened;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stream.emptyFrames()).toBeGreaterThanOrEqual(1);
    await stream.close();
  });

  it('masks the reply to a prompt marked sensitiveInput in the transcript, while the bot gets it as typed', async () => {
    const { conversationId, token } = await start();
    await call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text: 'code please' });
    await call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text: '123456', channelData: { clientActivityID: 'c9' } });
    const all = (await call('GET', `/conversations/${conversationId}/activities`, token)).body['activities'] as Record<string, unknown>[];
    expect(JSON.stringify(all.filter((a) => (a['from'] as { role: string }).role === 'user'))).not.toContain('123456');
    expect(all.find((a) => (a['channelData'] as { clientActivityID?: string } | undefined)?.clientActivityID === 'c9')?.['text']).toBe('••••••');
    expect(echo.bot.seen.at(-1)?.text).toBe('123456');
    expect(texts(all).at(-1)).toBe('echo: 123456');
  });

  it('returns 502 when the bot fails, and keeps serving', async () => {
    const { conversationId, token } = await start();
    const failed = await call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text: 'fail' });
    expect(failed.status).toBe(502);
    expect(failed.body).toMatchObject({ error: { code: 'BotError' } });
    expect((await call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text: 'ok' })).status).toBe(200);
  });

  it('refreshes and generates tokens for the same conversation', async () => {
    const { conversationId, token } = await start();
    const refreshed = await call('POST', '/tokens/refresh', token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body['conversationId']).toBe(conversationId);
    const again = await call('POST', '/tokens/generate', refreshed.body['token'] as string);
    expect(again.body['conversationId']).toBe(conversationId);
    expect((await call('GET', `/conversations/${conversationId}/activities`, again.body['token'] as string)).status).toBe(200);
    expect((await call('POST', '/tokens/refresh', SECRET)).status).toBe(400);

    // A token generated ahead of time starts its conversation on first use (201), then returns it (200).
    const generated = await call('POST', '/tokens/generate', SECRET, { user: { id: 'dl_custom' } });
    const startedOnce = await call('POST', '/conversations', generated.body['token'] as string, {});
    expect(startedOnce.status).toBe(201);
    expect(startedOnce.body['conversationId']).toBe(generated.body['conversationId']);
    expect((await call('POST', '/conversations', generated.body['token'] as string, {})).status).toBe(200);
  });

  it('answers bad input with a clear 4xx in Direct Line error shape', async () => {
    const { conversationId, token } = await start();
    const other = await start();
    const expired = (await new DirectLineTokens(SECRET, 60, () => Date.now() - 120_000).issue(conversationId, 'dl_x')).token;
    const cases: [string, Promise<{ status: number; body: Record<string, unknown> }>, number, string][] = [
      ['no auth', call('GET', `/conversations/${conversationId}/activities`, undefined), 401, 'Unauthorized'],
      ['garbage token', call('GET', `/conversations/${conversationId}/activities`, 'abc.def.ghi'), 403, 'TokenInvalid'],
      ['expired token', call('GET', `/conversations/${conversationId}/activities`, expired), 403, 'TokenExpired'],
      ["another conversation's token", call('POST', `/conversations/${conversationId}/activities`, other.token, { type: 'message', text: 'x' }), 403, 'Forbidden'],
      ['unknown conversation (secret)', call('GET', '/conversations/nope/activities', SECRET), 404, 'NotFound'],
      ['malformed JSON', call('POST', `/conversations/${conversationId}/activities`, token, undefined, '{"type": "message", '), 400, 'BadSyntax'],
      ['no body', call('POST', `/conversations/${conversationId}/activities`, token, undefined, ''), 400, 'MissingProperty'],
      ['a JSON array', call('POST', `/conversations/${conversationId}/activities`, token, [1, 2]), 400, 'BadArgument'],
      ['a type clients may not send', call('POST', `/conversations/${conversationId}/activities`, token, { type: 'conversationUpdate' }), 400, 'BadArgument'],
      ['text of the wrong type', call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text: 5 }), 400, 'BadArgument'],
      ['an oversized activity', call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text: 'x'.repeat(300_000) }), 413, 'MessageSizeTooBig'],
      ['a bad watermark', call('GET', `/conversations/${conversationId}/activities?watermark=abc`, token), 400, 'BadArgument'],
      ['an upload', call('POST', `/conversations/${conversationId}/upload?userId=x`, token, {}), 415, 'UploadNotSupported'],
      ['an unknown endpoint', call('GET', '/nothing', token), 404, 'NotFound'],
    ];
    for (const [name, pending, status, code] of cases) {
      const res = await pending;
      expect({ name, status: res.status, code: (res.body['error'] as { code?: string } | undefined)?.code }).toEqual({ name, status, code });
      expect(((res.body['error'] as { message?: string }).message ?? '').length).toBeGreaterThan(5);
    }
    expect((await call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text: 'still fine' })).status).toBe(200);
  });

  it('refuses a stream without a valid token for that conversation', async () => {
    const { conversationId } = await start();
    const other = await start();
    const wsBase = base.replace('http', 'ws');
    expect(await upgradeStatus(`${wsBase}/v3/directline/conversations/${conversationId}/stream`)).toBe(401);
    expect(await upgradeStatus(`${wsBase}/v3/directline/conversations/${conversationId}/stream?t=bad`)).toBe(403);
    expect(await upgradeStatus(other.streamUrl.replace(other.conversationId, conversationId))).toBe(403);
    expect(await upgradeStatus(other.streamUrl)).toBe(101);
  });

  it('answers CORS preflights for other sites embedding the widget, with the headers DirectLineJS sends', async () => {
    // What Chromium asks before DirectLineJS's first POST from another site.
    const asked = 'authorization,content-type,x-ms-bot-agent,x-requested-with';
    const res = await fetch(`${base}/v3/directline/conversations`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': asked },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toBe(asked);
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
  });
});
