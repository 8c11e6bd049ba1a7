import { DirectLine, type Activity, type CardAction, type DirectLineOptions, type Message, type Services } from 'botframework-directlinejs';
import { Observable } from 'rxjs/Observable';
import type { AjaxCreationMethod, AjaxRequest } from 'rxjs/observable/dom/AjaxObservable';
import WebSocket from 'ws';

/**
 * Runs Microsoft's DirectLineJS unchanged in Node. It expects a browser: a global WebSocket (Node
 * 20 has none; `ws` is API-compatible) and XMLHttpRequest behind rxjs's ajax, replaced here
 * through DirectLineJS's own `ajax` service option by one over fetch.
 */
export function createNodeDirectLine(options: DirectLineOptions & Partial<Services>): DirectLine {
  const global = globalThis as { WebSocket?: unknown };
  global.WebSocket ??= WebSocket;
  return new DirectLine({ ajax: fetchAjax(), WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, ...options });
}

interface AjaxLikeResponse {
  status: number;
  response: unknown;
  xhr: { getResponseHeader(name: string): string | null };
}

function fetchAjax(): AjaxCreationMethod {
  const ajax = (urlOrRequest: string | AjaxRequest) =>
    new Observable<AjaxLikeResponse>((subscriber) => {
      const request: AjaxRequest = typeof urlOrRequest === 'string' ? { url: urlOrRequest, method: 'GET' } : urlOrRequest;
      const controller = new AbortController();
      const timer = request.timeout ? setTimeout(() => controller.abort(), request.timeout) : undefined;
      const body: unknown = request.body;
      const init: RequestInit = {
        method: request.method ?? 'GET',
        headers: request.headers as Record<string, string>,
        signal: controller.signal,
        ...(body === undefined ? {} : { body: typeof body === 'string' || body instanceof FormData ? body : JSON.stringify(body) }),
      };
      fetch(request.url ?? '', init)
        .then(async (res) => {
          const text = await res.text();
          let response: unknown = text;
          try {
            response = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: keep the text
          }
          const result = { status: res.status, response, xhr: { getResponseHeader: (name: string) => res.headers.get(name) } };
          if (res.ok) {
            subscriber.next(result);
            subscriber.complete();
          } else {
            subscriber.error(Object.assign(new Error(`HTTP ${res.status}`), result));
          }
        })
        .catch((err: unknown) => subscriber.error(Object.assign(new Error(String(err)), { status: 0, xhr: { getResponseHeader: () => null } })))
        .finally(() => clearTimeout(timer));
      return () => controller.abort();
    });
  return ajax as unknown as AjaxCreationMethod;
}

/** Collects what a DirectLine client receives, and waits for what a test expects. */
export function collect(directLine: DirectLine) {
  const seen: Activity[] = [];
  const subscription = directLine.activity$.subscribe((activity) => seen.push(activity));
  return {
    seen,
    messages: () => seen.filter((a) => a.type === 'message'),
    async until(predicate: (all: Activity[]) => boolean, ms = 15_000): Promise<Activity[]> {
      const deadline = Date.now() + ms;
      while (!predicate(seen)) {
        if (Date.now() > deadline) {
          throw new Error(`timed out; received: ${JSON.stringify(seen.map((a) => (a.type === 'message' ? a.text : a.type)))}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return seen;
    },
    stop: () => subscription.unsubscribe(),
  };
}

/** postActivity as a promise of the server's activity id. */
export function post(directLine: DirectLine, activity: Activity): Promise<string> {
  return new Promise((resolve, reject) => {
    directLine.postActivity(activity).subscribe((id: string) => resolve(id), (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))));
  });
}

/** The private watermark DirectLineJS keeps (what it would reconnect with). */
export function watermarkOf(directLine: DirectLine): string {
  return (directLine as unknown as { watermark: string }).watermark;
}

/**
 * The activity Web Chat posts when a person taps a suggested action (its sendMessageBack,
 * sendMessage and sendPostBack), so a Node client taps buttons exactly as the widget does.
 */
export function tapActivity(action: CardAction, locale?: string): Message {
  // With a token the server replaces `from` with the token's user; Web Chat sends that same id.
  const base = { type: 'message' as const, from: { id: 'user' }, ...(locale ? { locale } : {}) };
  switch (action.type) {
    case 'messageBack':
      return { ...base, text: action.text, value: action.value, channelData: { messageBack: { displayText: action.displayText } } };
    case 'imBack':
      return { ...base, text: action.value };
    case 'postBack':
      return typeof action.value === 'string'
        ? { ...base, text: action.value, channelData: { postBack: true } }
        : { ...base, value: action.value, channelData: { postBack: true } };
    default:
      throw new Error(`a ${action.type} button opens something in the browser; it posts nothing to the bot`);
  }
}

/** The HTTP status a WebSocket upgrade to `url` gets: 101 when the stream opens, else the refusal's. */
export function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', () => resolve(0));
  });
}
