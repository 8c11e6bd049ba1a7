/** WeChat's limit for one text message, in UTF-8 bytes. */
export const WECHAT_TEXT_LIMIT_BYTES = 2048;

const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

/** A sentence with what ends it: Chinese and Latin stops, or a line break. */
const SENTENCE = /[^。！？!?.\n]*(?:[。！？!?]+|\.(?=\s|$)|\n+|$)/gu;

/**
 * Splits text into messages of at most `limit` bytes, at sentence boundaries; a sentence longer
 * than the limit is cut between characters. Messages are packed as full as they go.
 */
export function splitForWeChat(text: string, limit = WECHAT_TEXT_LIMIT_BYTES): string[] {
  if (byteLength(text) <= limit) return text ? [text] : [];
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim()) parts.push(current.trim());
    current = '';
  };
  for (const sentence of text.match(SENTENCE) ?? []) {
    if (!sentence) continue;
    if (byteLength(current + sentence) <= limit) {
      current += sentence;
      continue;
    }
    flush();
    if (byteLength(sentence) <= limit) {
      current = sentence;
      continue;
    }
    for (const char of sentence) {
      if (byteLength(current + char) > limit) flush();
      current += char;
    }
  }
  flush();
  return parts;
}

/** Joins messages into as few as fit the limit, keeping their order; each part is split if too long. */
export function packForWeChat(texts: string[], limit = WECHAT_TEXT_LIMIT_BYTES): string[] {
  const packed: string[] = [];
  for (const text of texts.flatMap((t) => splitForWeChat(t, limit))) {
    const last = packed[packed.length - 1];
    if (last !== undefined && byteLength(`${last}\n\n${text}`) <= limit) packed[packed.length - 1] = `${last}\n\n${text}`;
    else packed.push(text);
  }
  return packed;
}
