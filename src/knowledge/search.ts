import MiniSearch from 'minisearch';
import { SAFETY_TOPICS } from '../nlu/safety';
import type { KnowledgeBase } from './knowledgeBase';
import { RecentCache } from './recentCache';
import { CHINESE_STOPWORDS } from './stopwords';
import { CLOSE_CONCEPT, CONCEPT_PREFIX, TextAnalyzer } from './textAnalyzer';
import type { Locale } from './topicSchema';

export interface SearchHit {
  topicId: string;
  /** Calibrated confidence in [0, 1] that this topic answers the question. */
  score: number;
}

export interface SearchResult {
  /** Best topics first; empty when nothing in the knowledge base relates to the question. */
  hits: readonly SearchHit[];
  /** The analyzed query terms (for diagnostics and tests). */
  terms: string[];
  /** How many distinct terms the knowledge base never uses ("popup", a name, an order number). */
  unknownWords: number;
}

interface IndexedDoc {
  id: string;
  topicId: string;
  kind: 'question' | 'answer';
  text: string;
}

interface Postings {
  docs: Int32Array;
  scores: Float64Array;
}

const NO_POSTINGS: Postings = { docs: new Int32Array(0), scores: new Float64Array(0) };

/** Sample questions score the topic fully; the answer text adds evidence at a lower weight. */
const ANSWER_WEIGHT = 0.1;

/**
 * Confidence kept for a question that names nothing about closing ("how do I top up", "what is my
 * loan limit"): such questions share words with the knowledge base but are rarely what it answers.
 */
const UNRELATED_TO_CLOSING = 0.3;

/**
 * Words the knowledge base never uses count against a match, but only this many of them: the story
 * around a long question ("I'm flying out tomorrow and ...") must not drown the question in it.
 */
const UNKNOWN_WORDS_COUNTED = 3;

/**
 * What each unknown word weighs in a question that names closing itself (注销, "close", "delete"):
 * there the known part is decisive and the words around it are the person's story ("去年注销的那个号
 * 里面有我好多回忆 还能恢复吗"); elsewhere an unknown word weighs as much as the rarest known one.
 * Chosen on the spent evaluation sets (docs/search.md).
 */
const UNKNOWN_WEIGHT_WHEN_CLOSING = 0.35;


/**
 * How much the topic model (naive Bayes over the sample questions) weighs beside BM25 in the ranking:
 * BM25 favours a topic with one short question sharing the words; the model favours the topic whose
 * questions use them most ("注销确认邮件是干嘛用的" is the email's, not the verification's). Its
 * smoothing: one use added to every term. Both chosen on the spent evaluation sets (docs/search.md).
 */
const TOPIC_MODEL_WEIGHT = 0.2;
const TOPIC_MODEL_SMOOTHING = 1;

/** Rankings of recent questions kept, by what decides them (see `search`). */
const RECENT_RANKINGS = 5000;

/**
 * Lexical search over the knowledge base. Each sample question and each answer is a document in a
 * BM25 index (MiniSearch) over analyzed terms; a topic's relevance is the mean of its two best
 * question matches plus a tenth of its answer match, and the ranking weighs it with a naive Bayes
 * topic model over the sample questions. Confidence combines how much of the question
 * the topic's vocabulary explains (IDF-weighted coverage, so unknown words such as "weather" pull it
 * down) with the relevance margin.
 */
export class KnowledgeSearch {
  readonly analyzer: TextAnalyzer;
  private readonly docCount: number;
  private readonly topicIds: string[];
  /** Per document (by number): its topic's index in `topicIds`, and 1 for an answer, 0 for a question. */
  private readonly docTopic: Uint16Array;
  private readonly docIsAnswer: Uint8Array;
  /**
   * Scratch space of `rank`, reused by every query (search is synchronous): allocating typed arrays
   * costs more than the ranking itself. Per document: its summed term scores and distinct terms
   * matched; per topic: its two best question matches, its best answer match, whether it matched.
   */
  private readonly scratch: { sums: Float64Array; matched: Uint16Array; best: Float64Array; second: Float64Array; answer: Float64Array; touched: Uint8Array };
  /** Each indexed term's documents and BM25 scores, read off MiniSearch once. */
  private readonly postings = new Map<string, Postings>();
  private readonly topicVocabulary = new Map<string, Set<string>>();
  private readonly idf = new Map<string, number>();
  private readonly unknownIdf: number;
  private readonly closingConcepts: Set<string>;
  /** Concepts about closing only together with one of theirs (`aboutClosingWith`). */
  private readonly closingPairs: Map<string, string[]>;
  private readonly recentRankings = new RecentCache<readonly SearchHit[]>(RECENT_RANKINGS);
  /** The topic model: each term's uses in each topic's sample questions (by topic index), and all uses per topic. */
  private readonly termTopicCounts: Map<string, Float64Array>;
  private readonly questionTermCount: Float64Array;
  private readonly vocabularySize: number;

  constructor(private readonly knowledge: KnowledgeBase) {
    this.analyzer = new TextAnalyzer(knowledge.synonyms);
    this.closingConcepts = new Set(
      Object.entries(knowledge.synonyms)
        .filter(([, entry]) => entry.aboutClosing)
        .map(([concept]) => CONCEPT_PREFIX + concept),
    );
    this.closingPairs = new Map(
      Object.entries(knowledge.synonyms)
        .filter(([, entry]) => entry.aboutClosingWith.length > 0)
        .map(([concept, entry]) => [CONCEPT_PREFIX + concept, entry.aboutClosingWith.map((other) => CONCEPT_PREFIX + other)]),
    );
    const docs = buildDocuments(knowledge);
    const rawWords = new Set<string>(this.analyzer.knownWords());
    for (const d of docs) for (const w of d.text.toLowerCase().match(/[a-z][a-z'-]{3,}/g) ?? []) rawWords.add(w);
    this.analyzer.setVocabulary(rawWords);

    const analyzed = new Map<string, string[]>();
    for (const d of docs) analyzed.set(d.id, this.analyzer.analyze(d.text));
    this.analyzer.setChineseVocabulary(chineseVocabulary(this.analyzer, docs, knowledge));
    this.analyzer.setIndexedTerms(new Set([...analyzed.values()].flat()));
    const index = new MiniSearch<IndexedDoc>({
      fields: ['text'],
      storeFields: ['topicId', 'kind'],
      // Documents are analyzed once above; the index splits on the spaces placed between terms.
      tokenize: (text) => text.split(' ').filter(Boolean),
      processTerm: (term) => term,
    });
    index.addAll(docs.map((d) => ({ ...d, text: (analyzed.get(d.id) ?? []).join(' ') })));
    this.docCount = docs.length;
    this.topicIds = [...new Set(docs.map((d) => d.topicId))];
    this.docTopic = Uint16Array.from(docs, (d) => this.topicIds.indexOf(d.topicId));
    this.docIsAnswer = Uint8Array.from(docs, (d) => (d.kind === 'answer' ? 1 : 0));
    const topicCount = this.topicIds.length;
    this.scratch = {
      sums: new Float64Array(this.docCount),
      matched: new Uint16Array(this.docCount),
      best: new Float64Array(topicCount),
      second: new Float64Array(topicCount),
      answer: new Float64Array(topicCount),
      touched: new Uint8Array(topicCount),
    };
    const docNumber = new Map(docs.map((d, i) => [d.id, i]));
    for (const term of new Set([...analyzed.values()].flat())) {
      const results = index.search(term);
      this.postings.set(term, {
        docs: Int32Array.from(results, (r) => docNumber.get(r.id as string)!),
        scores: Float64Array.from(results, (r) => r.score),
      });
    }

    // How often each term is used in each topic's sample questions, for the topic model.
    this.termTopicCounts = new Map();
    this.questionTermCount = new Float64Array(this.topicIds.length);
    for (const d of docs) {
      if (d.kind !== 'question') continue;
      const topic = this.topicIds.indexOf(d.topicId);
      for (const t of analyzed.get(d.id) ?? []) {
        let counts = this.termTopicCounts.get(t);
        if (!counts) this.termTopicCounts.set(t, (counts = new Float64Array(this.topicIds.length)));
        counts[topic]! += 1;
        this.questionTermCount[topic]! += 1;
      }
    }
    this.vocabularySize = new Set([...analyzed.values()].flat()).size;
    for (const d of docs) {
      const vocab = this.topicVocabulary.get(d.topicId) ?? new Set<string>();
      for (const t of analyzed.get(d.id) ?? []) vocab.add(t);
      this.topicVocabulary.set(d.topicId, vocab);
    }
    const df = new Map<string, number>();
    for (const vocab of this.topicVocabulary.values()) for (const t of vocab) df.set(t, (df.get(t) ?? 0) + 1);
    for (const [t, n] of df) this.idf.set(t, Math.log(1 + topicCount / n));
    this.unknownIdf = Math.log(1 + topicCount);
  }

  /** Topics that answer `text`, best first, searching the knowledge of every locale. */
  search(text: string, limit = 3): SearchResult {
    const terms = this.analyzer.analyze(text);
    if (terms.length === 0) return { hits: [], terms, unknownWords: 0 };
    // A ranking depends only on the known terms (repeats included), the number of unknown words
    // (up to the cap) and whether the question is about closing: questions that differ only in words
    // the knowledge base never uses ("order 4417", a name, a place) share one.
    const known = terms.filter((t) => this.idf.has(t)).sort();
    const unknownWords = new Set(terms.filter((t) => !this.idf.has(t))).size;
    const unknown = Math.min(unknownWords, UNKNOWN_WORDS_COUNTED);
    const aboutClosing = this.isAboutClosing(terms);
    const key = `${limit}|${aboutClosing ? 1 : 0}|${unknown}|${known.join(' ')}`;
    let hits = this.recentRankings.get(key);
    if (!hits) {
      hits = this.rank(known, unknown, aboutClosing, limit);
      this.recentRankings.set(key, hits);
    }
    return { hits, terms, unknownWords };
  }

  /**
   * MiniSearch's OR query, score for score: the sum of each query term's BM25 score times the number
   * of distinct query terms a document matches. Each indexed term's scores are asked of MiniSearch
   * once, when the index is built, so a query costs a pass over its terms' postings. `terms` are the
   * question's known terms, `unknownWords` how many others it has (capped).
   */
  private rank(terms: string[], unknownWords: number, aboutClosing: boolean, limit: number): readonly SearchHit[] {
    const { sums, matched, best, second, answer, touched } = this.scratch;
    for (const buffer of [sums, matched, best, second, answer, touched]) buffer.fill(0);
    const seen = new Set<string>();
    for (const term of terms) {
      const { docs, scores } = this.postingsOf(term);
      const first = !seen.has(term);
      seen.add(term);
      for (let i = 0; i < docs.length; i++) {
        sums[docs[i]!]! += scores[i]!;
        if (first) matched[docs[i]!]! += 1;
      }
    }
    // Per topic: its two best sample-question matches and its best answer match.
    const topicCount = this.topicIds.length;
    for (let d = 0; d < this.docCount; d++) {
      if (matched[d] === 0) continue;
      const topic = this.docTopic[d]!;
      const score = sums[d]! * matched[d]!;
      touched[topic] = 1;
      if (this.docIsAnswer[d]) answer[topic] = Math.max(answer[topic]!, score);
      else if (score > best[topic]!) {
        second[topic] = best[topic]!;
        best[topic] = score;
      } else if (score > second[topic]!) second[topic] = score;
    }
    const ranked: { topic: number; topicId: string; relevance: number }[] = [];
    for (let t = 0; t < topicCount; t++) {
      // The mean of the two best questions: one accidental near-match of a single phrasing is
      // weaker evidence than two phrasings that both fit.
      if (touched[t]) ranked.push({ topic: t, topicId: this.topicIds[t]!, relevance: (best[t]! + second[t]!) / 2 + ANSWER_WEIGHT * answer[t]! });
    }
    ranked.sort((a, b) => b.relevance - a.relevance);
    const top = ranked[0]?.relevance ?? 0;
    if (ranked.length > 1) {
      const posterior = this.topicPosterior(terms, ranked.map((r) => r.topic));
      const combined = new Map(ranked.map((r, i) => [r.topic, Math.log(r.relevance / top) + TOPIC_MODEL_WEIGHT * Math.log(posterior[i]!)]));
      ranked.sort((a, b) => combined.get(b.topic)! - combined.get(a.topic)!);
    }
    const context = aboutClosing ? 1 : UNRELATED_TO_CLOSING;
    const distinct = new Set(terms);
    const unknown = unknownWords * (distinct.has(CLOSE_CONCEPT) ? UNKNOWN_WEIGHT_WHEN_CLOSING : 1);
    return Object.freeze(
      ranked.slice(0, limit).map(({ topicId, relevance: rel }) =>
        Object.freeze({ topicId, score: round(context * this.coverage(distinct, unknown, topicId) * Math.sqrt(top > 0 ? rel / top : 0) * squash(rel)) }),
      ),
    );
  }

  /**
   * The topic model's posterior over `topics` for `terms`: multinomial naive Bayes over the sample
   * questions (Laplace smoothing, a flat prior), normalized over the topics given.
   */
  private topicPosterior(terms: string[], topics: number[]): number[] {
    const counts = terms.map((term) => this.termTopicCounts.get(term));
    const logs = topics.map((t) => {
      const denominator = Math.log(this.questionTermCount[t]! + TOPIC_MODEL_SMOOTHING * this.vocabularySize);
      let sum = 0;
      for (const c of counts) sum += Math.log((c?.[t] ?? 0) + TOPIC_MODEL_SMOOTHING) - denominator;
      return sum;
    });
    const max = Math.max(...logs);
    const exp = logs.map((l) => Math.exp(l - max));
    const total = exp.reduce((a, b) => a + b, 0);
    return exp.map((e) => e / total);
  }

  private isAboutClosing(terms: string[]): boolean {
    return terms.some((t) => this.closingConcepts.has(t) || (this.closingPairs.get(t)?.some((other) => terms.includes(other)) ?? false));
  }

  /** One term's documents and their BM25 scores; nothing for a term the knowledge base never uses. */
  private postingsOf(term: string): Postings {
    return this.postings.get(term) ?? NO_POSTINGS;
  }

  /**
   * Share of the question's information (IDF-weighted) that the topic's vocabulary contains; each
   * unknown word (counted up to the cap) weighs as much as the rarest known one.
   */
  private coverage(knownTerms: Set<string>, unknownWords: number, topicId: string): number {
    const vocab = this.topicVocabulary.get(topicId);
    if (!vocab) return 0;
    let total = unknownWords * this.unknownIdf;
    let covered = 0;
    for (const t of knownTerms) {
      const w = this.idf.get(t)!;
      total += w;
      if (vocab.has(t)) covered += w;
    }
    return total === 0 ? 0 : covered / total;
  }

  /** The locale-specific title for a topic id (for sources and buttons). */
  title(topicId: string, locale: Locale): string {
    return this.knowledge.get(topicId, locale)?.title ?? topicId;
  }
}

/** Maps raw BM25 relevance into (0, 1): weak single-word overlaps stay low. */
function squash(relevance: number): number {
  return 1 - Math.exp(-relevance / 6);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/**
 * The knowledge base's Chinese words, most used first: its synonyms, and the words of its texts that
 * hold no function character (截个, 的话 are no words a typo should become).
 */
function chineseVocabulary(analyzer: TextAnalyzer, docs: IndexedDoc[], knowledge: KnowledgeBase): string[] {
  const counts = new Map<string, number>();
  const content = (w: string) => ![...w].some((c) => CHINESE_STOPWORDS.has(c));
  const words = [...docs.flatMap((d) => analyzer.chineseWords(d.text)).filter(content), ...Object.values(knowledge.synonyms).flatMap((e) => e.zh)];
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([w]) => w);
}

/**
 * The safety topics are answered by the recognizer's triage alone: a question that only shares words
 * with them ("why does it ask for a code") is not an emergency, so they are not indexed.
 */
const TRIAGE_ONLY = new Set<string>(Object.values(SAFETY_TOPICS));

function buildDocuments(knowledge: KnowledgeBase): IndexedDoc[] {
  const docs: IndexedDoc[] = [];
  for (const topic of knowledge.topics) {
    if (TRIAGE_ONLY.has(topic.id)) continue;
    const prefix = `${topic.locale}/${topic.id}`;
    [topic.title, ...topic.questions].forEach((q, i) => {
      docs.push({ id: `${prefix}/q${i}`, topicId: topic.id, kind: 'question', text: q });
    });
    docs.push({ id: `${prefix}/a`, topicId: topic.id, kind: 'answer', text: `${topic.summary}\n${topic.body}` });
  }
  return docs;
}
