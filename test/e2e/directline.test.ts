import type { Message } from 'botframework-directlinejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { directLineChannel } from '../../src/channels/directline';
import { resolveDirectLineSecret } from '../../src/channels/directline/secret';
import { DirectLineTokens } from '../../src/channels/directline/tokens';
import { collect, createNodeDirectLine, post, tapActivity, upgradeStatus, watermarkOf } from '../support/directLineNode';
import { startTcpProxy } from '../support/tcpProxy';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * Microsoft's DirectLineJS, unchanged, against the real bot and server: over the WebSocket and by
 * polling, through a relay the test can cut to simulate a dropped connection.
 */
let app: TestServer;
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
let origin: string;

beforeAll(async () => {
  app = await startTestServer();
  proxy = await startTcpProxy(Number(new URL(app.url).port));
  origin = `http://127.0.0.1:${proxy.port}`;
});

afterAll(async () => {
  await proxy.close();
  await app.close();
});

async function widgetToken(): Promise<{ token: string; conversationId: string; expires_in: number }> {
  const res = await fetch(`${origin}/api/widget/token`, { method: 'POST' });
  expect(res.status).toBe(200);
  return (await res.json()) as { token: string; conversationId: string; expires_in: number };
}

const isBotMessage = (a: { type: string; from: { role?: string } }): a is Message => a.type === 'message' && a.from.role === 'bot';
/** DirectLineJS's Activity type leaves replyToId out; the server sends it. */
const replyTo = (a: object) => (a as { replyToId?: string }).replyToId;
const sourcesOf = (a: Message) => ((a.channelData as { sources?: { id: string }[] } | undefined)?.sources ?? []).map((s) => s.id);

describe.each([
  ['over the WebSocket', true],
  ['by polling', false],
])('DirectLineJS %s with the real bot', (_how, webSocket) => {
  it('answers a Chinese question with its sources, survives a dropped connection and misses nothing', async () => {
    const { token, conversationId } = await widgetToken();
    const directLine = createNodeDirectLine({
      domain: `${origin}/v3/directline`,
      token,
      webSocket,
      pollingInterval: 200,
      random: () => 0,
      conversationStartProperties: { locale: 'zh-CN' },
    });
    const received = collect(directLine);
    await received.until((all) => all.some(isBotMessage));

    const id = await post(directLine, {
      type: 'message',
      from: { id: 'someone-else' },
      text: '注销以后还能恢复吗',
      locale: 'zh-CN',
      channelData: { clientActivityID: 'client-1' },
    });
    const all = await received.until((seen) => seen.some((a) => isBotMessage(a) && replyTo(a) === id && sourcesOf(a).length > 0));
    const echoed = all.find((a) => a.id === id) as Message;
    expect(echoed.channelData).toMatchObject({ clientActivityID: 'client-1' });
    expect(echoed.from.id).toMatch(/^dl_/);
    const answer = all.find((a) => isBotMessage(a) && replyTo(a) === id && sourcesOf(a).length > 0) as Message;
    expect(sourcesOf(answer)[0]).toBe('recovery-after-closure');
    expect(answer.text).toMatch(/[\u4e00-\u9fff]/);

    // The connection drops; meanwhile an agent (or a status update) writes into the conversation.
    proxy.dropAll();
    await directLineChannel(app.runtime).sendToConversation(conversationId, { text: '人工客服：您好，我来帮您处理。' });
    await received.until((seen) => seen.some((a) => a.type === 'message' && a.text === '人工客服：您好，我来帮您处理。'), 25_000);

    const second = await post(directLine, { type: 'message', from: { id: 'x' }, text: '注销会影响征信吗', locale: 'zh-CN' });
    await received.until((seen) => seen.some((a) => isBotMessage(a) && replyTo(a) === second));

    const ids = received.seen.filter((a) => a.type !== 'typing').map((a) => a.id);
    const stored = (await (
      await fetch(`${origin}/v3/directline/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { activities: { id: string }[] };
    expect(ids).toEqual(stored.activities.map((a) => a.id));
    received.stop();
    directLine.end();
  }, 60_000);
});

describe('DirectLineJS with the real bot', () => {
  it('taps a suggested action and gets its answer', async () => {
    const { token } = await widgetToken();
    const directLine = createNodeDirectLine({ domain: `${origin}/v3/directline`, token, webSocket: true });
    const received = collect(directLine);
    const asked = await post(directLine, { type: 'message', from: { id: 'x' }, text: '注销以后还能恢复吗', locale: 'zh-CN' });
    const withButtons = (await received.until((seen) => seen.some((a) => isBotMessage(a) && replyTo(a) === asked && (a.suggestedActions?.actions.length ?? 0) > 0)))
      .filter(isBotMessage)
      .filter((a) => replyTo(a) === asked && (a.suggestedActions?.actions.length ?? 0) > 0)
      .at(-1)!;
    const tapped = await post(directLine, tapActivity(withButtons.suggestedActions!.actions[0]!, 'zh-CN'));
    const reply = (await received.until((seen) => seen.some((a) => isBotMessage(a) && replyTo(a) === tapped))).find(
      (a) => isBotMessage(a) && replyTo(a) === tapped,
    ) as Message;
    expect(reply.text?.length).toBeGreaterThan(0);
    received.stop();
    directLine.end();
  }, 30_000);

  it('resumes with conversationId and watermark and receives exactly what came after it', async () => {
    const { token, conversationId } = await widgetToken();
    const first = createNodeDirectLine({ domain: `${origin}/v3/directline`, token, webSocket: true });
    const firstSeen = collect(first);
    const asked = await post(first, { type: 'message', from: { id: 'x' }, text: '注销要多久', locale: 'zh-CN' });
    await firstSeen.until((seen) => seen.some((a) => isBotMessage(a) && replyTo(a) === asked));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const watermark = watermarkOf(first);
    firstSeen.stop();
    first.end();

    await directLineChannel(app.runtime).sendToConversation(conversationId, [{ text: '进度更新：已受理' }, { text: '进度更新：处理中' }]);

    const second = createNodeDirectLine({ domain: `${origin}/v3/directline`, token, conversationId, watermark, webSocket: true });
    const secondSeen = collect(second);
    await secondSeen.until((seen) => seen.filter((a) => a.type === 'message').length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondSeen.messages().map((a) => (a as Message).text)).toEqual(['进度更新：已受理', '进度更新：处理中']);
    secondSeen.stop();
    second.end();
  });
});

describe('bad input against the real server', () => {
  type Body = { error?: { code: string; message: string }; conversationId?: string; token?: string; expires_in?: number; streamUrl?: string };

  async function call(method: string, route: string, token: string | undefined, body?: string) {
    const res = await fetch(`${origin}/v3/directline${route}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      ...(body !== undefined ? { body } : {}),
    });
    return { status: res.status, body: (await res.json()) as Body };
  }

  /** A token or stream token for `conversationId` that expired an hour ago, signed with the server's secret. */
  async function expiredToken(conversationId: string, scope: 'conversation' | 'stream' = 'conversation'): Promise<string> {
    const secret = resolveDirectLineSecret(app.runtime.config.DIRECTLINE_SECRET, app.runtime.config.dataDir);
    return (await new DirectLineTokens(secret, 60, () => Date.now() - 3_600_000).issue(conversationId, 'dl_x', scope)).token;
  }

  /** Sends one frame larger than a stream accepts; resolves with the close code the server gives. */
  function sendOversizedFrame(streamUrl: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(streamUrl);
      ws.on('open', () => ws.send('x'.repeat(100_000)));
      ws.on('close', (code) => resolve(code));
      ws.on('error', () => undefined);
      ws.on('unexpected-response', () => reject(new Error('the stream refused to open')));
    });
  }

  it('answers each with a clear 4xx and keeps serving everyone else', async () => {
    const mine = await widgetToken();
    const theirs = await widgetToken();
    const { streamUrl } = (await call('POST', '/conversations', mine.token, '{}')).body;
    // Someone else is chatting over the stream the whole time.
    const bystander = createNodeDirectLine({ domain: `${origin}/v3/directline`, token: theirs.token, webSocket: true });
    const bystanderSaw = collect(bystander);
    await bystanderSaw.until((all) => all.some(isBotMessage));

    const expired = await expiredToken(mine.conversationId);
    const activities = `/conversations/${mine.conversationId}/activities`;
    const cases: [string, ReturnType<typeof call>, number, string][] = [
      ['an invalid token', call('GET', activities, 'eyJhbGciOiJIUzI1NiJ9.e30.invalid'), 403, 'TokenInvalid'],
      ['an expired token', call('GET', activities, expired), 403, 'TokenExpired'],
      ["another conversation's token", call('GET', activities, theirs.token), 403, 'Forbidden'],
      ['no token', call('GET', activities, undefined), 401, 'Unauthorized'],
      ['an oversized activity', call('POST', activities, mine.token, JSON.stringify({ type: 'message', text: '注'.repeat(100_000) })), 413, 'MessageSizeTooBig'],
      ['malformed JSON', call('POST', activities, mine.token, '{"type":"message","text":'), 400, 'BadSyntax'],
      ['malformed JSON starting a conversation', call('POST', '/conversations', mine.token, '{"locale":'), 400, 'BadSyntax'],
      ['an activity that is not one', call('POST', activities, mine.token, JSON.stringify({ type: 'conversationUpdate' })), 400, 'BadArgument'],
      ['a refresh of an expired token', call('POST', '/tokens/refresh', expired), 403, 'TokenExpired'],
    ];
    for (const [name, pending, status, code] of cases) {
      const res = await pending;
      expect({ name, status: res.status, code: res.body.error?.code }).toEqual({ name, status, code });
      expect(res.body.error?.message.length).toBeGreaterThan(5);
    }
    const streamWith = (token: string) => `${streamUrl!.split('?')[0]}?t=${token}`;
    expect(await upgradeStatus(streamWith(await expiredToken(mine.conversationId, 'stream'))), 'an expired stream URL').toBe(403);
    expect(await upgradeStatus(streamWith('not-a-token')), 'a stream URL with an invalid token').toBe(403);
    expect(await sendOversizedFrame(streamUrl!), 'an oversized frame on the stream').toBe(1009);

    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect((await call('POST', activities, mine.token, JSON.stringify({ type: 'message', from: { id: 'x' }, text: '注销要多久' }))).status).toBe(200);
    const asked = await post(bystander, { type: 'message', from: { id: 'x' }, text: '注销会影响征信吗' });
    await bystanderSaw.until((all) => all.some((a) => isBotMessage(a) && replyTo(a) === asked));
    bystanderSaw.stop();
    bystander.end();
  }, 30_000);

  it('opens with a widget token only its own conversation, refreshes it, and never hands out the secret', async () => {
    const mine = await widgetToken();
    const theirs = await widgetToken();
    await call('POST', '/conversations', theirs.token, '{}');
    const started = await call('POST', '/conversations', mine.token, JSON.stringify({ conversationId: theirs.conversationId }));
    expect(started.status).toBe(201);
    expect(started.body.conversationId).toBe(mine.conversationId);

    const theirsAt = `/conversations/${theirs.conversationId}`;
    for (const [method, route, body] of [
      ['GET', `${theirsAt}?watermark=0`],
      ['GET', `${theirsAt}/activities`],
      ['POST', `${theirsAt}/activities`, JSON.stringify({ type: 'message', text: '你好' })],
      ['POST', `${theirsAt}/upload?userId=x`, '{}'],
    ] as const) {
      const res = await call(method, route, mine.token, body);
      expect({ route, status: res.status, code: res.body.error?.code }).toEqual({ route, status: 403, code: 'Forbidden' });
    }
    expect(await upgradeStatus(started.body.streamUrl!.replace(mine.conversationId, theirs.conversationId))).toBe(403);
    expect((await call('POST', '/tokens/generate', mine.token, '{}')).body.conversationId).toBe(mine.conversationId);

    const refreshed = await call('POST', '/tokens/refresh', mine.token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ conversationId: mine.conversationId, expires_in: mine.expires_in });
    const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number; conv: string };
    expect(claims(refreshed.body.token!).exp).toBeGreaterThanOrEqual(claims(mine.token).exp);
    expect(claims(refreshed.body.token!).conv).toBe(mine.conversationId);
    const posted = await call('POST', `/conversations/${mine.conversationId}/activities`, refreshed.body.token, JSON.stringify({ type: 'message', from: { id: 'x' }, text: '注销要多久' }));
    expect(posted.status).toBe(200);

    const secret = resolveDirectLineSecret(app.runtime.config.DIRECTLINE_SECRET, app.runtime.config.dataDir);
    for (const path of ['/', '/?lang=en', '/widget.js']) expect(await (await fetch(`${app.url}${path}`)).text()).not.toContain(secret);
    expect(JSON.stringify(mine)).not.toContain(secret);
  }, 30_000);
});
