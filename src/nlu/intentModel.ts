import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { TextAnalyzer } from '../knowledge/textAnalyzer';
import { LOCALES } from '../knowledge/topicSchema';
import { MOOD_WORDS } from './intentPatterns';
import { SAFETY_TOPICS } from './safety';

/** The intents that are requests rather than questions: each has example utterances in `knowledge/intents/<locale>.yaml`. */
export const REQUEST_INTENTS = ['closure.start', 'closure.status', 'handoff'] as const;
export type RequestIntent = (typeof REQUEST_INTENTS)[number];

const examplesSchema = z.strictObject({
  'closure.start': z.array(z.string().min(2)).min(5),
  'closure.status': z.array(z.string().min(2)).min(5),
  handoff: z.array(z.string().min(2)).min(5),
});
export type IntentExamples = Record<RequestIntent, string[]>;

/**
 * Reads and validates `<knowledgeDir>/intents/<locale>.yaml` for every locale, merged per intent
 * (synchronously: two small files, read once at start-up).
 */
export function loadIntentExamples(knowledgeDir: string): IntentExamples {
  const merged: IntentExamples = { 'closure.start': [], 'closure.status': [], handoff: [] };
  for (const locale of LOCALES) {
    const examples = readExamples(path.join(knowledgeDir, 'intents', `${locale}.yaml`), examplesSchema);
    for (const intent of REQUEST_INTENTS) merged[intent].push(...examples[intent]);
  }
  return merged;
}

/** An examples file, validated: a mistake names the file and the key. */
function readExamples<T>(file: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(parseYaml(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `"${i.path.join('.')}": ${i.message}`).join('; ')}`);
  return parsed.data;
}

const writtenSchema = z.strictObject({
  'closure.start': z.array(z.string().min(2)),
  'closure.status': z.array(z.string().min(2)),
  handoff: z.array(z.string().min(2)),
  faq: z.array(z.string().min(2)),
});
/** Training texts of the classifier alone: the request intents and questions worded like requests (hard negatives). */
export type WrittenExamples = IntentExamples & { faq: string[] };

/**
 * Reads `<knowledgeDir>/intents/written/<locale>.yaml` where present: several hundred invented texts
 * per language, varied rather than hand-picked, so they teach the classifier and not the nearest
 * example (whose every example can win a message on its own).
 */
export function loadWrittenExamples(knowledgeDir: string): WrittenExamples {
  const merged: WrittenExamples = { 'closure.start': [], 'closure.status': [], handoff: [], faq: [] };
  for (const locale of LOCALES) {
    const file = path.join(knowledgeDir, 'intents', 'written', `${locale}.yaml`);
    if (!fs.existsSync(file)) continue;
    const examples = readExamples(file, writtenSchema);
    for (const intent of [...REQUEST_INTENTS, 'faq'] as const) merged[intent].push(...examples[intent]);
  }
  return merged;
}

/**
 * What the intent models learn from: every request example, and every sample question of the
 * knowledge base as a question ('faq'), save the safety topics' (those are emergencies, recognized
 * first); with `written`, the classifier's invented texts too.
 */
export function intentDocuments(requests: IntentExamples, knowledge: KnowledgeBase, written?: WrittenExamples): { intent: RequestIntent | 'faq'; text: string }[] {
  const safety = new Set<string>(Object.values(SAFETY_TOPICS));
  return [
    ...REQUEST_INTENTS.flatMap((intent) => requests[intent].map((text) => ({ intent, text }))),
    ...knowledge.topics.filter((t) => !safety.has(t.id)).flatMap((t) => t.questions.map((text) => ({ intent: 'faq' as const, text }))),
    ...(written ? ([...REQUEST_INTENTS, 'faq'] as const).flatMap((intent) => written[intent].map((text) => ({ intent, text }))) : []),
  ];
}

/** A word is an intent's own only if this many of its examples use it: one example's verb is no mark of the intent. */
const OWN_WORD_EXAMPLES = 2;

/** The nearest example of a text: its intent ('faq' for a knowledge-base sample question), how similar, and the example. */
export interface NearestExample {
  intent: RequestIntent | 'faq';
  similarity: number;
  example: string;
}

interface Example {
  intent: RequestIntent | 'faq';
  text: string;
  weights: Map<string, number>;
  norm: number;
}

/**
 * Nearest-example intent model. Every request example and every sample question of the knowledge base
 * is a document of analyzed terms (the search's own analyzer: jieba words, stems, synonym concepts),
 * weighted by IDF over all of them (squared). Similarity is the smaller of the two shares of weight
 * the text and a document have in common, so both must be mostly the same words; a text's nearest
 * document is the one of highest similarity. A request example can only win where it is nearer than every question the knowledge
 * base answers, so "how do I close my account" stays with the closure guide while "get rid of my
 * account" is nearest to a request. Whether a near request is meant as one is the recognizer's
 * calibration (src/nlu/intentPatterns.ts), not this model's.
 */
export class IntentModel {
  private readonly examples: Example[] = [];
  private readonly byTerm = new Map<string, number[]>();
  private readonly idf = new Map<string, number>();
  /** The first words of the English requests to close that open with a verb ("close", "wipe", "terminate"), analyzed. */
  private readonly commandVerbs: Set<string>;
  private readonly unknownIdf: number;
  private readonly dots: Float64Array;
  private readonly ownWords = new Map<RequestIntent, Set<string>>();
  /** Analyzed terms without the words of mood ("help me", "please", "帮我"): the calibration reads those. */
  private readonly moodFree: (text: string) => string[];

  constructor(
    private readonly analyzer: TextAnalyzer,
    requests: IntentExamples,
    knowledge: KnowledgeBase,
  ) {
    this.moodFree = (text) => analyzer.analyze(text.toLowerCase().replace(MOOD_WORDS, ' '));
    this.commandVerbs = new Set(requests['closure.start'].map((e) => this.firstTerm(e.toLowerCase()) ?? '').filter(Boolean));
    const docs = intentDocuments(requests, knowledge);
    const termSets = docs.map((d) => new Set(this.moodFree(d.text)));
    const df = new Map<string, number>();
    for (const terms of termSets) for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
    for (const [t, n] of df) this.idf.set(t, Math.log(1 + docs.length / n));
    this.unknownIdf = Math.log(1 + docs.length);
    docs.forEach((doc, i) => {
      const weights = new Map([...termSets[i]!].map((t) => [t, this.idf.get(t)!]));
      if (weights.size === 0) return;
      const index = this.examples.length;
      this.examples.push({ ...doc, weights, norm: Math.hypot(...weights.values()) });
      for (const t of weights.keys()) {
        const list = this.byTerm.get(t);
        if (list) list.push(index);
        else this.byTerm.set(t, [index]);
      }
    });
    this.dots = new Float64Array(this.examples.length);
    const faqDf = new Map<string, number>();
    docs.forEach((d, i) => {
      if (d.intent === 'faq') for (const t of termSets[i]!) faqDf.set(t, (faqDf.get(t) ?? 0) + 1);
    });
    for (const intent of REQUEST_INTENTS) {
      const counts = new Map<string, number>();
      docs.forEach((d, i) => {
        if (d.intent === intent) for (const t of termSets[i]!) counts.set(t, (counts.get(t) ?? 0) + 1);
      });
      this.ownWords.set(intent, new Set([...counts].filter(([t, n]) => n >= OWN_WORD_EXAMPLES && n >= (faqDf.get(t) ?? 0)).map(([t]) => t)));
    }
  }

  /**
   * The message (or its last clause) opens with the verb a request-to-close example opens with
   * ("wipe my account" as "wipe out my account" does): a command, with no marker needed.
   */
  opensAsCommand(text: string): boolean {
    const clauses = text.split(/[,，.。!！;；]+/).map((c) => c.trim()).filter(Boolean);
    return [clauses[0], clauses.at(-1)].some((clause) => clause !== undefined && !/[?？]/.test(clause) && this.commandVerbs.has(this.firstTerm(clause) ?? ''));
  }

  /**
   * The text has a word of the intent's own: one that two or more of its examples use, at least as
   * often as the knowledge base's questions do ("人工", "human", "agent" for a hand-off; not "客服",
   * which questions about support use as well, nor "转", which only "转人工" has).
   */
  namesItsOwnWords(text: string, intent: RequestIntent, terms = this.termsOf(text)): boolean {
    const own = this.ownWords.get(intent);
    return own !== undefined && terms.some((t) => own.has(t));
  }

  /** The distinct terms this model reads in a text (`nearest` and `namesItsOwnWords` take them worked out once). */
  termsOf(text: string): string[] {
    return [...new Set(this.moodFree(text))];
  }

  /**
   * The first word as the analyzer reads it, if it keeps it and it is no past or -ing form: "delete"
   * opens as "close" does (both the closing concept), "closed it already" does not.
   */
  private firstTerm(text: string): string | undefined {
    const first = /^[a-z][a-z']*/.exec(text)?.[0];
    return first && !/(?:ed|ing)$/.test(first) ? this.analyzer.analyze(first)[0] : undefined;
  }

  /**
   * The nearest document of each intent ('faq' included) to `text`, best first; empty when no term is
   * shared. A word no example or question uses weighs as the rarest ("转500给我妈" is not "转人工"),
   * unless `ignoreUnknown`: where other evidence says what is meant, the story's words do not count.
   */
  nearest(text: string, ignoreUnknown = false, analyzed = this.termsOf(text)): NearestExample[] {
    const terms = ignoreUnknown ? analyzed.filter((t) => this.idf.has(t)) : analyzed;
    if (terms.length === 0) return [];
    const norm = Math.hypot(...terms.map((t) => this.idf.get(t) ?? this.unknownIdf));
    // Dot products in a scratch buffer kept across calls (recognition is synchronous).
    const { dots } = this;
    const touched: number[] = [];
    for (const t of terms) {
      const w = this.idf.get(t);
      if (w === undefined) continue;
      for (const i of this.byTerm.get(t) ?? []) {
        if (dots[i] === 0) touched.push(i);
        dots[i]! += w * w;
      }
    }
    const best = new Map<string, NearestExample>();
    for (const i of touched) {
      const dot = dots[i]!;
      dots[i] = 0;
      const example = this.examples[i]!;
      // The smaller of the two shares of weight in common: one shared word is no match for a
      // document that says more ("转" alone is not "转人工"), nor for a message that says more.
      const similarity = Math.min(dot / (norm * norm), dot / (example.norm * example.norm));
      if (similarity > (best.get(example.intent)?.similarity ?? 0)) best.set(example.intent, { intent: example.intent, similarity, example: example.text });
    }
    return [...best.values()].sort((a, b) => b.similarity - a.similarity);
  }
}
