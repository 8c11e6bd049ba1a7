import type { TextAnalyzer } from '../knowledge/textAnalyzer';
import { cuesOf, type Cue } from './intentCues';
import { featuresOf, type IntentClassifier, type Probabilities } from './intentClassifier';
import type { IntentModel, NearestExample, RequestIntent } from './intentModel';

/**
 * What the recognizer's checks learn of the texts of one message (the whole, its clauses, its
 * request reading), each worked out once: several checks analyze the same text, read its cues and
 * ask the classifier and the nearest-example model about it. Made for one message and dropped
 * after it, so it holds a few dozen entries at most and never outlives the recognition.
 * Results are shared between the checks: none may change them.
 */
export class MessageReading {
  private readonly terms = new Map<string, string[]>();
  private readonly corrected = new Map<string, string>();
  private readonly cues = new Map<string, ReadonlySet<Cue>>();
  private readonly classified = new Map<string, Probabilities>();
  private readonly intentTerms = new Map<string, string[]>();
  private readonly near = new Map<string, NearestExample[]>();
  private readonly nearKnown = new Map<string, NearestExample[]>();

  constructor(
    private readonly analyzer: TextAnalyzer,
    private readonly classifier: IntentClassifier,
    private readonly intents: IntentModel,
  ) {}

  /** The analyzer's terms of `text`. */
  analyze(text: string): string[] {
    return remembered(this.terms, text, () => this.analyzer.analyze(text));
  }

  /** `text` in Simplified Mandarin with its typos corrected. */
  correctChinese(text: string): string {
    return remembered(this.corrected, text, () => this.analyzer.correctChinese(text));
  }

  cuesOf(text: string): ReadonlySet<Cue> {
    return remembered(this.cues, text, () => cuesOf(text));
  }

  /** The classifier's probabilities, from the features this reading's analysis gives. */
  probabilities(text: string): Probabilities {
    return remembered(this.classified, text, () => this.classifier.probabilitiesOf(featuresOf(this, text, (t) => this.cuesOf(t))));
  }

  nearest(text: string, ignoreUnknown = false): NearestExample[] {
    return remembered(ignoreUnknown ? this.nearKnown : this.near, text, () => this.intents.nearest(text, ignoreUnknown, this.termsOfIntents(text)));
  }

  namesItsOwnWords(text: string, intent: RequestIntent): boolean {
    return this.intents.namesItsOwnWords(text, intent, this.termsOfIntents(text));
  }

  private termsOfIntents(text: string): string[] {
    return remembered(this.intentTerms, text, () => this.intents.termsOf(text));
  }
}

function remembered<V>(map: Map<string, V>, key: string, compute: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = compute();
    map.set(key, value);
  }
  return value;
}
