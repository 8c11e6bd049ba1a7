import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { FaultSpec } from '../../src/wallet/sandbox/faults';

/**
 * A transcript is a conversation written down as data (test/conversations/*.yaml), in the spirit of
 * Rasa's test stories: what the person says or taps, and what the bot's reply must show.
 */
const expectationSchema = z.strictObject({
  /** Every one of these appears in the bot's reply text. */
  says: z.array(z.string()).default([]),
  /** None of these appears in the reply text. */
  never: z.array(z.string()).default([]),
  /** The reply cites these knowledge topics, the first one first. */
  sources: z.array(z.string()).optional(),
  /** The reply offers these buttons (among others). */
  buttons: z.array(z.string()).default([]),
  /** The reply cites no knowledge topic (a refusal or a flow, not an answer). */
  noSources: z.boolean().default(false),
});

/** What the sandbox wallet must hold at this point (checked in its database, not through the bot). */
const walletExpectationSchema = z.strictObject({
  /** Wallet account id, e.g. W10000001. */
  account: z.string().regex(/^W\d{8}$/),
  /** How many closure requests the account has, ever. */
  closureRequests: z.number().int().min(0).optional(),
  /** Status of the account's newest closure request. */
  latestStatus: z.enum(['pending_email_confirmation', 'processing', 'completed', 'cancelled', 'rejected']).optional(),
});

const faultSchema = z.strictObject(FaultSpec.shape);

const stepSchema = z.union([
  /**
   * The person types this. Placeholders: {code} is the newest one-time code the sandbox texted (as
   * read from the phone), {spacedCode} the same as "123 456", {fullWidthCode} in full-width digits,
   * {chineseCode} in Chinese numerals ("一二三四五六"), {wrongCode} a 6-digit code that is certainly
   * not it; {requestId:W10000001} the newest closure request id of that account.
   */
  z.strictObject({ user: z.string(), bot: expectationSchema }),
  /** Taps a button on the bot's latest message; `earlier: true` scrolls back to an older message's button. */
  z.strictObject({ tap: z.string(), earlier: z.boolean().optional(), bot: expectationSchema }),
  /** Taps the same button twice at once (two turns racing); `bot` is checked on both turns' replies together. */
  z.strictObject({ doubleTap: z.string(), bot: expectationSchema }),
  z.strictObject({ join: z.literal(true), bot: expectationSchema }),
  /** The bot process restarts here: a new runtime over the same data directory. */
  z.strictObject({ restart: z.literal(true) }),
  /** Time passes (e.g. 31s, 6m) for the wallet and the bot, without waiting. */
  z.strictObject({ wait: z.string() }),
  /**
   * The person opens the confirmation link in the newest email sent to this address; `refused: true`
   * when the page must turn it down (the request was cancelled), so nothing is confirmed.
   */
  z.strictObject({ openEmailLink: z.string(), refused: z.boolean().optional() }),
  /** The sandbox wallet misbehaves for the next calls of an operation (see src/wallet/sandbox/faults.ts). */
  z.strictObject({ fault: faultSchema }),
  z.strictObject({ wallet: walletExpectationSchema }),
]);

export const transcriptSchema = z.strictObject({
  title: z.string(),
  /** The channel's locale, as Web Chat or Teams would send it. */
  locale: z.string().optional(),
  steps: z.array(stepSchema).min(1),
});

export type Transcript = z.infer<typeof transcriptSchema>;
export type TranscriptStep = Transcript['steps'][number];
export type Expectation = z.infer<typeof expectationSchema>;
export type WalletExpectation = z.infer<typeof walletExpectationSchema>;

export function loadTranscripts(dir: string): { file: string; transcript: Transcript }[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      let raw: unknown;
      try {
        raw = parseYaml(fs.readFileSync(file, 'utf8'));
      } catch (err) {
        throw new Error(`${file}: not valid YAML: ${(err as Error).message}`);
      }
      const parsed = transcriptSchema.safeParse(raw);
      if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
      return { file: f, transcript: parsed.data };
    });
}
