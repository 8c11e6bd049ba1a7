import { ConnectionStatus, type Message } from 'botframework-directlinejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, createNodeDirectLine, post, watermarkOf } from '../support/directLineNode';
import { ECHO_SECRET, startEchoDirectLine, type EchoDirectLine } from '../support/directLineEchoServer';
import { startTcpProxy } from '../support/tcpProxy';

let echo: EchoDirectLine;
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
let domain: string;

beforeAll(async () => {
  echo = await startEchoDirectLine();
  proxy = await startTcpProxy(Number(new URL(echo.base).port));
  domain = `http://127.0.0.1:${proxy.port}/v3/directline`;
});

afterAll(async () => {
  await proxy.close();
  await echo.close();
});

async function generateToken(): Promise<{ token: string; conversationId: string }> {
  const res = await fetch(`${domain}/tokens/generate`, { method: 'POST', headers: { authorization: `Bearer ${ECHO_SECRET}` } });
  return (await res.json()) as { token: string; conversationId: string };
}

const say = (text: string): Message => ({ type: 'message', from: { id: 'ignored-by-server' }, text });

describe.each([
  ['WebSocket', true],
  ['polling', false],
])('DirectLineJS (%s) against the echo bot', (_name, webSocket) => {
  it('starts, converses, and survives a dropped connection without losing or repeating anything', async () => {
    const { token, conversationId } = await generateToken();
    // random: 0 makes DirectLineJS retry a dropped stream after its minimum 3 s.
    const directLine = createNodeDirectLine({ domain, token, webSocket, pollingInterval: 200, random: () => 0 });
    const received = collect(directLine);
    await received.until((all) => all.some((a) => a.type === 'message' && a.text?.startsWith('welcome')));

    const id = await post(directLine, say('hello'));
    const all = await received.until((seen) => seen.some((a) => a.type === 'message' && a.text === 'echo: hello'));
    const echoed = all.find((a) => a.id === id);
    expect(echoed?.from.id).toMatch(/^dl_/);
    expect(echoed?.conversation?.id).toBe(conversationId);

    proxy.dropAll();
    await echo.channel.sendToConversation(conversationId, { text: 'sent while the client was cut off' });
    await received.until((seen) => seen.some((a) => a.type === 'message' && a.text === 'sent while the client was cut off'), 20_000);
    await post(directLine, say('back'));
    await received.until((seen) => seen.some((a) => a.type === 'message' && a.text === 'echo: back'));

    const ids = received.seen.filter((a) => a.type !== 'typing').map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    const server = (await (await fetch(`${domain}/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      activities: { id: string }[];
    };
    expect(ids).toEqual(server.activities.map((a) => a.id));
    expect(directLine.connectionStatus$.getValue()).toBe(ConnectionStatus.Online);
    received.stop();
    directLine.end();
  }, 40_000);
});

describe('DirectLineJS resuming a conversation', () => {
  it('reconnects with conversationId and watermark and gets exactly what came after it', async () => {
    const { token, conversationId } = await generateToken();
    const first = createNodeDirectLine({ domain, token, webSocket: true });
    const firstSeen = collect(first);
    await post(first, say('one'));
    await firstSeen.until((all) => all.some((a) => a.type === 'message' && a.text === 'echo: one'));
    const watermark = watermarkOf(first);
    firstSeen.stop();
    first.end();

    await echo.channel.sendToConversation(conversationId, [{ text: 'missed 1' }, { text: 'missed 2' }]);

    const second = createNodeDirectLine({ domain, token, conversationId, watermark, webSocket: true });
    const secondSeen = collect(second);
    await secondSeen.until((all) => all.filter((a) => a.type === 'message').length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondSeen.messages().map((a) => (a as Message).text)).toEqual(['missed 1', 'missed 2']);
    secondSeen.stop();
    second.end();
  });
});
