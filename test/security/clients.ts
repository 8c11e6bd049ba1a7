import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity, CardAction } from 'botbuilder';
import type { ChatTurn, ClosureChat } from '../support/closureScript';

/** A Bot Framework connector on loopback (the Emulator's, or an attacker's): records every activity POSTed to it. */
export async function startConnector() {
  const received: { path: string; activity: Partial<Activity> }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        received.push({ path: req.url ?? '', activity: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Partial<Activity> });
      } catch {
        received.push({ path: req.url ?? '', activity: {} });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: randomUUID() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    serviceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    texts: () => received.map((r) => r.activity.text ?? '').join('\n'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type Connector = Awaited<ReturnType<typeof startConnector>>;

/** POSTs one activity to /api/messages as the Emulator (or someone pretending) would. */
export function postToBot(botUrl: string, activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
}

/** An Emulator-style activity for `conversationId`, replies to `serviceUrl`. */
export function emulatorActivity(conversationId: string, serviceUrl: string, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'message',
    id: randomUUID(),
    channelId: 'emulator',
    serviceUrl,
    conversation: { id: conversationId },
    from: { id: 'user-1', name: 'User', role: 'user' },
    recipient: { id: 'bot', name: 'Bot', role: 'bot' },
    locale: 'zh-CN',
    timestamp: new Date().toISOString(),
    ...fields,
  };
}

/**
 * The web widget's conversation over Direct Line's REST API: a token from /api/widget/token, each
 * message POSTed (the server answers once the bot's turn is done), the bot's replies read back.
 */
export class DirectLineRestChat implements ClosureChat {
  conversationId = '';
  token = '';
  private watermark = '';
  private buttons: CardAction[] = [];

  /** The instance spoken to; a test may switch it between turns (several instances behind a balancer). */
  constructor(public botUrl: string) {}

  async start(): Promise<ChatTurn> {
    const minted = (await (await fetch(`${this.botUrl}/api/widget/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
    this.token = minted.token;
    this.conversationId = minted.conversationId;
    const res = await fetch(`${this.botUrl}/v3/directline/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ locale: 'zh-CN' }),
    });
    if (res.status >= 300) throw new Error(`start conversation: ${res.status}`);
    // The welcome turn runs in the background; wait until it is in.
    for (let i = 0; i < 50; i++) {
      const turn = await this.read();
      if (turn.text) return turn;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('no welcome');
  }

  say(text: string): Promise<ChatTurn> {
    return this.post({ type: 'message', text, locale: 'zh-CN' });
  }

  tap(title: string): Promise<ChatTurn> {
    return this.post({ type: 'message', locale: 'zh-CN', ...this.tapFields(title) });
  }

  /** What tapping `title` posts. */
  tapFields(title: string): Record<string, unknown> {
    const action = this.buttons.find((a) => a.title === title);
    if (!action) throw new Error(`no button "${title}"`);
    return { text: action.text ?? action.title, value: action.value };
  }

  /** Everything kept for this conversation, as any client with its token can read it. */
  async activities(): Promise<Record<string, unknown>[]> {
    const res = await fetch(`${this.botUrl}/v3/directline/conversations/${encodeURIComponent(this.conversationId)}/activities`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    return ((await res.json()) as { activities: Record<string, unknown>[] }).activities;
  }

  async post(activity: Record<string, unknown>): Promise<ChatTurn> {
    const res = await fetch(`${this.botUrl}/v3/directline/conversations/${encodeURIComponent(this.conversationId)}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    if (res.status >= 300) throw new Error(`post: ${res.status} ${await res.text()}`);
    return this.read();
  }

  private async read(): Promise<ChatTurn> {
    const query = this.watermark ? `?watermark=${this.watermark}` : '';
    const res = await fetch(`${this.botUrl}/v3/directline/conversations/${encodeURIComponent(this.conversationId)}/activities${query}`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    const body = (await res.json()) as { activities: Partial<Activity>[]; watermark: string };
    this.watermark = body.watermark;
    const fromBot = body.activities.filter((a) => a.type === 'message' && a.from?.role === 'bot');
    const withButtons = fromBot.filter((m) => (m.suggestedActions?.actions.length ?? 0) > 0).at(-1);
    if (withButtons) this.buttons = withButtons.suggestedActions!.actions;
    return {
      text: fromBot.map((m) => m.text ?? '').join('\n'),
      buttons: fromBot.flatMap((m) => m.suggestedActions?.actions.map((a) => a.title) ?? []),
    };
  }
}

/** An Emulator chat window over /api/messages: replies are what the bot POSTed to `connector` during the request. */
export class EmulatorChat implements ClosureChat {
  readonly conversationId = `${randomUUID()}|livechat`;
  buttons: CardAction[] = [];

  constructor(
    /** The instance spoken to; a test may switch it between turns. */
    public botUrl: string,
    private readonly connector: Connector,
  ) {}

  say(text: string): Promise<ChatTurn> {
    return this.post({ text });
  }

  tap(title: string): Promise<ChatTurn> {
    return this.post(this.tapFields(title));
  }

  /** What tapping `title` posts (to send it many times at once). */
  tapFields(title: string): Record<string, unknown> {
    const action = this.buttons.find((a) => a.title === title);
    if (!action) throw new Error(`no button "${title}"`);
    return { text: action.text ?? action.title, value: action.value };
  }

  async post(fields: Record<string, unknown>): Promise<ChatTurn> {
    const before = this.connector.received.length;
    const res = await postToBot(this.botUrl, emulatorActivity(this.conversationId, this.connector.serviceUrl, fields));
    if (res.status >= 300) throw new Error(`post: ${res.status} ${await res.text()}`);
    const messages = this.connector.received
      .slice(before)
      .map((r) => r.activity)
      .filter((a) => a.type === 'message' && a.conversation?.id === this.conversationId);
    const withButtons = messages.filter((m) => (m.suggestedActions?.actions.length ?? 0) > 0).at(-1);
    if (withButtons) this.buttons = withButtons.suggestedActions!.actions;
    return { text: messages.map((m) => m.text ?? '').join('\n'), buttons: messages.flatMap((m) => m.suggestedActions?.actions.map((a) => a.title) ?? []) };
  }
}
