import { DirectLineError } from './errors';

/**
 * A watermark is the sequence number of the last activity a client has seen; activities are
 * numbered 1, 2, 3... per conversation. Clients treat it as opaque and only echo it back.
 */
export type Watermark = number;

const WATERMARK = /^\d{1,15}$/;

/** `undefined` when the client sent none (an empty string is what DirectLineJS sends before it has one). */
export function parseWatermark(raw: unknown): Watermark | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw === 'string' && WATERMARK.test(raw)) return Number(raw);
  throw new DirectLineError(400, 'BadArgument', 'watermark must be a value this server returned earlier.');
}

export function formatWatermark(watermark: Watermark): string {
  return String(watermark);
}

/** Azure's shape: `<conversationId>|0000042`, so ids sort in order within a conversation. */
export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

/**
 * The watermark to report after returning `returned` activities from `after`: the last one
 * returned, or, when none, `after` clamped to the newest that exists (a watermark from the future
 * would make the client skip activities that have not happened yet).
 */
export function nextWatermark(after: Watermark, returnedSeqs: readonly number[], lastSeq: number): Watermark {
  const last = returnedSeqs.at(-1);
  return last ?? Math.min(after, lastSeq);
}
