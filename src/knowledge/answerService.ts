import { resolveFollowUp, type FollowUpContext } from '../nlu/followUp';
import type { Recognizer, Intent, Recognition } from '../nlu/recognizer';
import type { SafetySignal } from '../nlu/safety';
import type { KnowledgeBase } from './knowledgeBase';
import { RecentCache } from './recentCache';
import type { KnowledgeSearch } from './search';
import type { Locale, Topic } from './topicSchema';

export interface Source {
  id: string;
  title: string;
  score: number;
}

export interface AnswerResult {
  intent: Intent;
  locale: Locale;
  /** The knowledge answer in Markdown (faq, and a safety hand-off: what to do right now). */
  answer?: string;
  /** The topic that answered, in the reply's language (faq, and a safety hand-off). */
  topic?: Topic;
  sources: Source[];
  /** Money or the account at risk (the recognizer's safety triage). */
  safety?: SafetySignal;
  /** The question was in Traditional Chinese: show the answer converted to it (`toTraditional`). */
  script?: 'traditional';
}

/** Recent answers kept; each holds references to loaded topics, so this costs little memory. */
const RECENT_ANSWERS = 2000;

/** Answers are shared between callers: freeze them so no caller can change another's. */
function deepFreeze(result: AnswerResult): AnswerResult {
  result.sources.forEach((s) => Object.freeze(s));
  Object.freeze(result.sources);
  return Object.freeze(result);
}

/**
 * Recognizes a message and, for a knowledge question, picks the answer in the language asked.
 * Side-effect free: the answer API and the bot's FAQ dialog both call it.
 */
export class AnswerService {
  /** Answers to recent messages: the same questions come again and again. */
  private readonly recent = new RecentCache<AnswerResult>(RECENT_ANSWERS);

  constructor(
    private readonly knowledge: KnowledgeBase,
    private readonly search: KnowledgeSearch,
    private readonly recognizer: Recognizer,
    readonly defaultLocale: Locale,
  ) {}

  /**
   * `locale` forces the reply language (the answer API's caller chose it); otherwise the language is
   * detected from the text, with `fallbackLocale` for messages that do not tell (digits, "ok").
   * `context` (what was just discussed) answers a follow-up the message alone does not.
   */
  answer(text: string, options: { locale?: Locale; fallbackLocale?: Locale; context?: FollowUpContext } = {}): AnswerResult {
    const fallback = options.locale ?? options.fallbackLocale ?? this.defaultLocale;
    const key = `${options.locale ?? ''}|${fallback}|${options.context?.topics.join(',') ?? ''}|${text}`;
    const cached = this.recent.get(key);
    if (cached) return cached;
    const recognized = this.recognizer.recognize(text, fallback);
    const locale = options.locale ?? recognized.locale;
    const recognition = options.context ? this.followUp(text, recognized, options.context, locale) : recognized;
    const result = deepFreeze(this.fromRecognition({ ...recognition, locale }));
    this.recent.set(key, result);
    return result;
  }

  /** The answer for a topic picked directly (a tapped related-topic button). */
  answerTopic(topicId: string, locale: Locale): AnswerResult | undefined {
    const topic = this.knowledge.get(topicId, locale);
    if (!topic) return undefined;
    return { intent: 'faq', locale, answer: topic.body, topic, sources: [{ id: topic.id, title: topic.title, score: 1 }] };
  }

  /** A message the recognizer could not place, read against the context (never a request or a safety case). */
  private followUp(text: string, recognition: Recognition, context: FollowUpContext, locale: Locale): Recognition {
    if (recognition.intent !== 'out_of_scope' || recognition.safety) return recognition;
    const hit = resolveFollowUp(text, context, {
      hits: (query) => this.search.search(query).hits,
      title: (topicId) => this.knowledge.get(topicId, locale)?.title,
    });
    return hit ? { ...recognition, intent: 'faq', topics: [hit] } : recognition;
  }

  private fromRecognition(recognition: Recognition): AnswerResult {
    const { intent, locale, topics, safety, script } = recognition;
    const sources = topics.map((hit) => ({ id: hit.topicId, title: this.search.title(hit.topicId, locale), score: hit.score }));
    const flags = { ...(safety ? { safety } : {}), ...(script ? { script } : {}) };
    const best = topics[0] && this.knowledge.get(topics[0].topicId, locale);
    // A safety hand-off answers at once with what to do right now (its topic).
    if ((intent !== 'faq' && !safety) || !best) return { intent, locale, sources, ...flags };
    return { intent, locale, answer: best.body, topic: best, sources, ...flags };
  }
}
