import * as OpenCC from 'opencc-js';

/** How a Chinese message is written: the knowledge base is Simplified; people in Taiwan and Hong Kong write Traditional. */
export type ChineseScript = 'simplified' | 'traditional';

type Convert = (text: string) => string;

const HAN = /\p{Script=Han}/u;

/** OpenCC's dictionaries take about half a second to load: built on first use, once per process. */
let toSimplifiedConverter: Convert | undefined;
let toTraditionalConverter: Convert | undefined;

/** The last text converted to Simplified and the result: a message is converted twice a turn (its script is detected, then it is recognized). */
let lastSimplified: { text: string; simplified: string } | undefined;

/** Traditional characters (Taiwan and Hong Kong forms alike) to Simplified; other text unchanged. */
export function toSimplified(text: string): string {
  if (!HAN.test(text)) return text;
  if (lastSimplified?.text === text) return lastSimplified.simplified;
  toSimplifiedConverter ??= OpenCC.Converter({ from: 'tw', to: 'cn' });
  const simplified = toSimplifiedConverter(text);
  lastSimplified = { text, simplified };
  return simplified;
}

/** Simplified characters to Traditional (character by character, so domain words such as 注销 keep their meaning). */
export function toTraditional(text: string): string {
  if (!HAN.test(text)) return text;
  toTraditionalConverter ??= OpenCC.Converter({ from: 'cn', to: 'tw' });
  return toTraditionalConverter(text);
}

/**
 * The script of a message's Chinese, or undefined when it has none ("ok", an English question).
 * Traditional when converting it to Simplified changes more characters than converting it to
 * Traditional would: characters written alike in both scripts say nothing.
 */
export function detectScript(text: string): ChineseScript | undefined {
  if (!HAN.test(text)) return undefined;
  const asSimplified = changedChars(text, toSimplified(text));
  if (asSimplified === 0) return 'simplified';
  return asSimplified > changedChars(text, toTraditional(text)) ? 'traditional' : 'simplified';
}

function changedChars(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  if (x.length !== y.length) return Math.max(x.length, y.length);
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) n++;
  return n;
}
