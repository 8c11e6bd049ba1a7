import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The wallet webhook's signature (documented in the OpenAPI `webhooks` section):
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 over "<t>.<raw body>">` with the secret both sides share.
 * The timestamp is signed too, so an old delivery cannot be replayed once it is stale.
 */

/** How far a signature's time may be from now before it is refused as stale (or from the future). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

function mac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signWebhook(secret: string, body: string, nowMs: number = Date.now()): string {
  const timestamp = Math.floor(nowMs / 1000);
  return `t=${timestamp},v1=${mac(secret, timestamp, body)}`;
}

/** Whether `header` is a fresh signature of exactly `body` under `secret`. */
export function webhookSignatureValid(secret: string, body: string, header: string | undefined, nowMs: number = Date.now()): boolean {
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const timestamp = Number(match[1]);
  if (Math.abs(nowMs / 1000 - timestamp) > WEBHOOK_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(mac(secret, timestamp, body), 'hex');
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}
