import type { Locale } from '../knowledge/topicSchema';

const HAN_CHAR = /\p{Script=Han}/gu;
const LATIN_WORD = /[a-z]{2,}/gi;

/**
 * The language a message is written in: Chinese when its Han characters outweigh its Latin words
 * (a Chinese sentence naming "im" or "app" is still Chinese), English when only Latin words appear,
 * and the conversation's language when there is nothing to tell by (digits, emoji, "ok").
 */
export function detectLocale(text: string, fallback: Locale): Locale {
  const han = text.match(HAN_CHAR)?.length ?? 0;
  const latinWords = (text.match(LATIN_WORD) ?? []).filter((w) => !/^(im|app|ok|id|sms|otp)$/i.test(w)).length;
  if (han === 0 && latinWords === 0) return fallback;
  if (han === 0) return latinWords >= 1 && isShortAmbiguous(text) ? fallback : 'en';
  return han >= latinWords ? 'zh-CN' : 'en';
}

/** "ok", "no", "yes" say nothing about the language the person prefers ("hello" does: it is English). */
function isShortAmbiguous(text: string): boolean {
  return /^\s*(ok|okay|yes|no|y|n|thx|thanks)\s*[.!?]*\s*$/i.test(text);
}
