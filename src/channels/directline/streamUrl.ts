import type { Request } from 'express';
import { DIRECTLINE_PATH } from './paths';
import type { Watermark } from './watermark';

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The absolute base URL clients reach this server at: PUBLIC_URL when set (behind a proxy),
 * else the request's own scheme and host (`trust proxy` decides whether X-Forwarded-* count).
 */
export function publicBaseUrl(req: Request, configured: string | undefined): string {
  if (configured) return configured.replace(/\/+$/, '');
  const host = req.get('host') ?? '';
  const safeHost = HOST.test(host) ? host : `127.0.0.1:${req.socket.localPort ?? 80}`;
  return `${req.protocol}://${safeHost}`;
}

/**
 * The WebSocket URL for one conversation; absolute, because Web Chat connects to it as given. It
 * carries a short-lived stream token, and the watermark to replay from when there is one.
 */
export function streamUrlFor(baseUrl: string, conversationId: string, streamToken: string, watermark?: Watermark): string {
  const wsBase = baseUrl.replace(/^http/i, 'ws');
  const query = new URLSearchParams({ t: streamToken });
  if (watermark !== undefined) query.set('watermark', String(watermark));
  return `${wsBase}${DIRECTLINE_PATH}/conversations/${encodeURIComponent(conversationId)}/stream?${query.toString()}`;
}
