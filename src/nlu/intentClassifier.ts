import type { TextAnalyzer } from '../knowledge/textAnalyzer';
import { cuesOf, type Cue } from './intentCues';

/** What the classifier tells apart: the request intents and a question for the knowledge base. */
export const CLASSIFIER_CLASSES = ['faq', 'closure.start', 'closure.status', 'handoff'] as const;
export type ClassifierClass = (typeof CLASSIFIER_CLASSES)[number];

export interface LabeledText {
  intent: ClassifierClass;
  text: string;
}

export type Probabilities = Record<ClassifierClass, number>;

export interface TrainingOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty per update: keeps one example's rare word from deciding alone. */
  l2: number;
}

/** Chosen by 5-fold cross-validation over the training texts (log loss 0.171 at 0.5, 0.125 at 0.2 with word pairs). */
const DEFAULTS: TrainingOptions = { epochs: 10, learningRate: 0.2, l2: 1e-4 };

/**
 * The features of a text: the search analyzer's terms (jieba words, stems, synonym concepts, so
 * "ditch" and "删" weigh as the closing they mean), Chinese character pairs (whatever jieba makes of
 * "处理好没"), English word pairs ("go through" is not "go" and "through"), the grammar cues of src/nlu/intentCues.ts and each pair of cues (a step of one's own
 * AND a question about its state is a status question; either alone is not).
 */
export function featuresOf(
  analyzer: Pick<TextAnalyzer, 'analyze' | 'correctChinese'>,
  text: string,
  readCues: (text: string) => ReadonlySet<Cue> = cuesOf,
): string[] {
  const features = new Set<string>(analyzer.analyze(text).map((t) => `t:${t}`));
  const simplified = analyzer.correctChinese(text);
  for (const run of simplified.match(/\p{Script=Han}{2,}/gu) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) features.add(`b:${chars[i]}${chars[i + 1]}`);
  }
  const words = simplified.toLowerCase().match(/[a-z][a-z']*/g) ?? [];
  for (let i = 0; i + 1 < words.length; i++) features.add(`w:${words[i]} ${words[i + 1]}`);
  const cues = [...readCues(simplified.normalize('NFKC').toLowerCase())];
  for (const [i, cue] of cues.entries()) {
    features.add(`c:${cue}`);
    for (const other of cues.slice(i + 1)) features.add(`c:${cue}+${other}`);
  }
  return [...features];
}

/**
 * Multinomial logistic regression over sparse binary features, trained at start-up (a thousand
 * short texts, a few dozen milliseconds) by stochastic gradient descent with AdaGrad steps, the
 * classes weighed equally however many texts each has (the knowledge base has ten questions for
 * every request example). Its probabilities are what the recognizer's calibration thresholds.
 */
export class IntentClassifier {
  private constructor(
    private readonly featurize: (text: string) => string[],
    private readonly index: Map<string, number>,
    /** Feature i's weight for class c at i * classes + c; the biases after the last feature. */
    private readonly weights: Float64Array,
  ) {}

  static train(docs: LabeledText[], featurize: (text: string) => string[], options: Partial<TrainingOptions> = {}): IntentClassifier {
    const { epochs, learningRate, l2 } = { ...DEFAULTS, ...options };
    const k = CLASSIFIER_CLASSES.length;
    const index = new Map<string, number>();
    const encoded = docs.map((d) => ({
      label: CLASSIFIER_CLASSES.indexOf(d.intent),
      features: featurize(d.text).map((f) => index.get(f) ?? index.set(f, index.size).get(f)!),
    }));
    // The bias is one more feature every text has.
    const bias = index.size;
    for (const d of encoded) d.features.push(bias);
    const perClass = CLASSIFIER_CLASSES.map((_, c) => encoded.filter((d) => d.label === c).length);
    const classWeight = perClass.map((n) => (n === 0 ? 0 : docs.length / (k * n)));
    const weights = new Float64Array((bias + 1) * k);
    const history = new Float64Array((bias + 1) * k).fill(1e-8);
    const order = encoded.map((_, i) => i);
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const p = new Float64Array(k);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (const i of order) {
        const doc = encoded[i]!;
        scores(doc.features, weights, p);
        const scale = classWeight[doc.label]!;
        for (let c = 0; c < k; c++) {
          const g = scale * (p[c]! - (c === doc.label ? 1 : 0));
          for (const f of doc.features) {
            const at = f * k + c;
            const gw = g + l2 * weights[at]!;
            history[at]! += gw * gw;
            weights[at]! -= (learningRate * gw) / Math.sqrt(history[at]!);
          }
        }
      }
    }
    return new IntentClassifier(featurize, index, weights);
  }

  /** The probability of each class for a text. */
  probabilities(text: string): Probabilities {
    return this.probabilitiesOf(this.featurize(text));
  }

  /** The probability of each class for a text's features (`featuresOf`), worked out by the caller. */
  probabilitiesOf(featureNames: string[]): Probabilities {
    const features: number[] = [];
    for (const f of featureNames) {
      const i = this.index.get(f);
      if (i !== undefined) features.push(i);
    }
    features.push(this.index.size);
    const p = scores(features, this.weights, new Float64Array(CLASSIFIER_CLASSES.length));
    return Object.freeze(Object.fromEntries(CLASSIFIER_CLASSES.map((c, i) => [c, p[i]!])) as Probabilities);
  }
}

/** The softmax of the features' summed weights, into `out`. */
function scores(features: number[], weights: Float64Array, out: Float64Array): Float64Array {
  const k = out.length;
  out.fill(0);
  for (const f of features) for (let c = 0; c < k; c++) out[c]! += weights[f * k + c]!;
  const max = Math.max(...out);
  let sum = 0;
  for (let c = 0; c < k; c++) sum += out[c] = Math.exp(out[c]! - max);
  for (let c = 0; c < k; c++) out[c]! /= sum;
  return out;
}
