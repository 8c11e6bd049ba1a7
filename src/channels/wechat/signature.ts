import crypto from 'node:crypto';

/** WeChat's signature: SHA-1 (lower-case hex) of the parts sorted and joined, as its docs define it. */
export function wechatSignature(...parts: string[]): string {
  return crypto.createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

/** Compares a received signature with the expected one in constant time. */
export function signatureMatches(received: string | undefined, expected: string): boolean {
  if (!received || received.length !== expected.length) return false;
  return crypto.timingSafeEqual(Buffer.from(received.toLowerCase()), Buffer.from(expected));
}

/** Whether a signed timestamp (seconds) is within `maxSkewSeconds` of now: older signatures are replays. */
export function timestampIsFresh(timestamp: string, maxSkewSeconds: number, now: number = Date.now()): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(now / 1000 - Number(timestamp)) <= maxSkewSeconds;
}
