import type { DirectLine, Message } from 'botframework-directlinejs';
import { collect, createNodeDirectLine } from './directLineNode';

/** A client of the agent API, as another agent desk would use it. */
export class AgentClient {
  private token = '';

  constructor(private readonly baseUrl: string) {}

  async login(username: string, password: string): Promise<number> {
    const res = await fetch(`${this.baseUrl}/agent/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.ok) this.token = ((await res.json()) as { token: string }).token;
    return res.status;
  }

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}/agent/api${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** The server-sent event stream, as text chunks. */
  async events(signal: AbortSignal): Promise<ReadableStreamDefaultReader<string>> {
    const res = await fetch(`${this.baseUrl}/agent/api/events`, { headers: { Authorization: `Bearer ${this.token}` }, signal });
    return res.body!.pipeThrough(new TextDecoderStream()).getReader();
  }

  async queue(): Promise<QueueItem[]> {
    return (await this.call<QueueItem[]>('GET', '/queue')).body;
  }

  /** Waits until the queue has a case matching `predicate`. */
  async waitForCase(predicate: (item: QueueItem) => boolean, ms = 10_000): Promise<QueueItem> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = (await this.queue()).find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('no such case in the queue');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export interface QueueItem {
  id: string;
  channel: string;
  urgent: boolean;
  reason: string;
  waitingSince: string;
  claimedBy: string | null;
  locale: string;
  status: string;
  outsideHours: boolean;
}

/** A person on DirectLineJS (what Web Chat runs) with a widget token from the server. */
export async function directLineUser(baseUrl: string, locale: string) {
  const res = await fetch(`${baseUrl}/api/widget/token`, { method: 'POST' });
  const { token, conversationId } = (await res.json()) as { token: string; conversationId: string };
  const directLine: DirectLine = createNodeDirectLine({
    domain: `${baseUrl}/v3/directline`,
    token,
    webSocket: true,
    conversationStartProperties: { locale },
  });
  const received = collect(directLine);
  await received.until((all) => all.some(isBotMessage));
  return { directLine, received, conversationId };
}

export const isBotMessage = (a: { type: string; from: { role?: string } }): a is Message => a.type === 'message' && a.from.role === 'bot';
export const replyTo = (a: object) => (a as { replyToId?: string }).replyToId;
