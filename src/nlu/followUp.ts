import type { SearchHit } from '../knowledge/search';
import { MANIPULATION_PATTERNS } from './intentPatterns';

/**
 * What was just discussed, as the recognizer needs it: the knowledge topics of the last answer and
 * of the step the person is at, most recent first (dialogs/conversationContext.ts keeps the rest).
 */
export interface FollowUpContext {
  topics: readonly string[];
}

/**
 * A follow-up read against the context is answered at this confidence, lower than a question on its
 * own needs (ANSWER_THRESHOLD): the context supplies what the short message leaves out.
 */
export const FOLLOW_UP_THRESHOLD = 0.2;

/** Longer messages say what they are about; the context must not pull them elsewhere. */
const MAX_FOLLOW_UP_CHARS = 60;

/** Words that point back at what was said ("那…", "…也…", "is that …", "where do I do it?"). */
const POINTS_BACK = /^(?:那|那么|这|这个|它|还有|还要|还得|然后|所以)|也|还(?:要|得|能|会|用|需要)|那个|这个|它|^(?:and|so|then|but|also|what about|how about)\b|\b(?:that|it|this|there|those|these|them|one)\b/;

export interface FollowUpSearch {
  /** Knowledge search hits for a query, best first, with their calibrated scores. */
  hits(query: string): readonly SearchHit[];
  /** A topic's title in the message's language: the context's own words. */
  title(topicId: string): string | undefined;
}

/**
 * The topic a short or elliptical message asks about, read against the context: the message is
 * searched with the context topic's title added, and the topic the message itself leans to wins when
 * the context confirms it ("那办完得几天?" after the credit answer is closure timing); a message that
 * points back ("is that reversible?", "支付宝也要解吗") takes the best topic of the two together. A
 * message that shares no word with the knowledge base is never a follow-up.
 * Undefined when the context does not make the message answerable.
 */
export function resolveFollowUp(text: string, context: FollowUpContext, search: FollowUpSearch): SearchHit | undefined {
  const normalized = text.normalize('NFKC').toLowerCase().trim();
  if (!normalized || normalized.length > MAX_FOLLOW_UP_CHARS) return undefined;
  if (MANIPULATION_PATTERNS.some((p) => p.test(normalized))) return undefined;
  // A message with no word the knowledge base knows ("what about the weather?") is not about it.
  const own = search.hits(normalized)[0];
  if (!own) return undefined;
  const pointsBack = POINTS_BACK.test(normalized);
  for (const topicId of context.topics) {
    const title = search.title(topicId);
    if (!title) continue;
    const together = search.hits(`${normalized} ${title.toLowerCase()}`).filter((h) => h.score >= FOLLOW_UP_THRESHOLD);
    const confirmed = together.find((h) => h.topicId === own.topicId);
    if (confirmed) return confirmed;
    if (pointsBack && together[0]) return together[0];
  }
  return undefined;
}
