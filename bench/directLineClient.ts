import http from 'node:http';
import WebSocket from 'ws';
import { adaptiveCardOf, cardButtons, cardText } from '../test/support/adaptiveCards';
import { request } from './load';

/** What the benchmarks read of the bot's activities on the stream. */
export interface BotActivity {
  type?: string;
  text?: string;
  replyToId?: string;
  from?: { role?: string };
  suggestedActions?: { actions: BotButton[] };
  attachments?: { contentType: string; content?: unknown }[];
}

interface BotButton {
  type?: string;
  title?: string;
  text?: string;
  value?: unknown;
  displayText?: string;
}

/** What a reply shows as text: its text, and the text of its Adaptive Card (Web Chat gets cards for the closure's steps). */
export function shownText(activity: BotActivity): string {
  const card = adaptiveCardOf(activity);
  return [activity.text ?? '', card ? cardText(card) : ''].join('\n');
}

/** The buttons a reply offers: suggested actions and its card's submit actions. */
export function buttonsOf(activity: BotActivity): BotButton[] {
  const card = adaptiveCardOf(activity);
  return [...(activity.suggestedActions?.actions ?? []), ...(card ? cardButtons(card) : [])];
}

export interface TurnResult {
  /** ms from the POST leaving to the first reply to it arriving on the stream. */
  latencyMs: number;
  /** The replies to it that had arrived when `until` held. */
  replies: BotActivity[];
}

/** A conversation as Web Chat holds one: POST /conversations, the WebSocket stream, one keep-alive connection. */
export interface BenchConversation {
  /**
   * Posts a message (or a tapped button's activity) and resolves once replies to it satisfy
   * `until` (by default: the first one arrived).
   */
  send(activity: Record<string, unknown>, until?: (replies: BotActivity[]) => boolean, via?: string): Promise<TurnResult>;
  /** `via`: the instance to post to, when not the one holding the stream. */
  say(text: string, until?: (replies: BotActivity[]) => boolean, via?: string): Promise<TurnResult>;
  /** Taps the button titled `title` among `replies`, as Web Chat sends a messageBack. */
  tap(replies: BotActivity[], title: string, until?: (replies: BotActivity[]) => boolean): Promise<TurnResult>;
  /** Closes the stream and the connection; resolves once the stream's closing handshake is over. */
  close(): Promise<void>;
}

export const REPLY_TIMEOUT_MS = 20_000;

/** Starts a conversation on `base` and waits for the welcome on its stream. */
export async function openConversation(base: string, secret: string, locale: string, label: string): Promise<BenchConversation> {
  // One connection per client, reused for every request, as a browser tab keeps one.
  // Idle sockets are dropped before the server's 5 s keep-alive timeout, so a POST never races its close.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1, timeout: 4000 });
  const started = await request(agent, `${base}/v3/directline/conversations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}` },
    body: JSON.stringify({ user: {}, locale }),
  });
  if (started.status !== 201) throw new Error(`POST /conversations: HTTP ${started.status}`);
  const { conversationId, token, streamUrl } = JSON.parse(started.body) as { conversationId: string; token: string; streamUrl: string };

  const ws = new WebSocket(streamUrl);
  const replies = new Map<string, { firstAt: number; list: BotActivity[] }>();
  const waiting = new Map<string, () => void>();
  let welcomed: () => void = () => undefined;
  const welcome = new Promise<void>((resolve) => {
    welcomed = resolve;
  });
  ws.on('message', (data) => {
    const frame = data.toString();
    if (!frame) return; // keep-alive
    const at = performance.now();
    for (const activity of (JSON.parse(frame) as { activities: BotActivity[] }).activities) {
      if (activity.type !== 'message' || activity.from?.role !== 'bot') continue;
      if (!activity.replyToId) {
        welcomed();
        continue;
      }
      const entry = replies.get(activity.replyToId) ?? { firstAt: at, list: [] };
      entry.list.push(activity);
      replies.set(activity.replyToId, entry);
      waiting.get(activity.replyToId)?.();
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  await withTimeout(welcome, REPLY_TIMEOUT_MS, 'welcome');

  let n = 0;
  const activitiesPath = `/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities`;
  const send = async (activity: Record<string, unknown>, until: (list: BotActivity[]) => boolean = (list) => list.length > 0, via = base): Promise<TurnResult> => {
    const t0 = performance.now();
    const posted = await request(agent, `${via}${activitiesPath}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ ...activity, channelData: { ...(activity['channelData'] as object | undefined), clientActivityID: `${label}-${n++}` } }),
    });
    if (posted.status !== 200) throw new Error(`POST activity: HTTP ${posted.status}`);
    const { id } = JSON.parse(posted.body) as { id: string };
    const done = () => {
      const entry = replies.get(id);
      return entry !== undefined && until(entry.list);
    };
    if (!done()) {
      await withTimeout(
        new Promise<void>((resolve) => waiting.set(id, () => done() && resolve())),
        REPLY_TIMEOUT_MS,
        `reply to "${String(activity['text'] ?? '')}"`,
      ).finally(() => waiting.delete(id));
    }
    const entry = replies.get(id)!;
    replies.delete(id);
    return { latencyMs: entry.firstAt - t0, replies: entry.list };
  };
  return {
    send,
    say: (text, until, via) => send({ type: 'message', text }, until, via),
    tap(list, title, until) {
      const buttons = list.flatMap(buttonsOf);
      const action = buttons.find((a) => a.title === title);
      if (!action) throw new Error(`no button "${title}" among ${buttons.map((a) => a.title).join(' | ')}`);
      return send({ type: 'message', text: action.text, value: action.value, channelData: { messageBack: { displayText: action.displayText } } }, until);
    },
    close() {
      const closed = new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) resolve();
        else ws.once('close', () => resolve());
      });
      ws.close();
      agent.destroy();
      return closed;
    },
  };
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: none within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
