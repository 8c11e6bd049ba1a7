import { dict } from '@node-rs/jieba/dict';
import { pinyin } from 'pinyin-pro';
import { RecentCache } from './recentCache';
import { SHAPE_ALIKE } from './shapeAlikeChars';
import { CHINESE_STOPWORDS } from './stopwords';

/**
 * Initials and finals that people (and input methods) mix up: zh/z, ch/c, sh/s, n/l, f/h, r/l and
 * the front and back nasals. Two syllables with the same near form sound alike.
 */
const NEAR_SOUNDS: [RegExp, string][] = [
  [/^zh/, 'z'],
  [/^ch/, 'c'],
  [/^sh/, 's'],
  [/^l/, 'n'],
  [/^r/, 'n'],
  [/^f/, 'h'],
  [/ang$/, 'an'],
  [/eng$/, 'en'],
  [/ing$/, 'in'],
];

/** Words of the knowledge base this long are candidates; longer ones are phrases, shorter ones too ambiguous. */
const MIN_WORD = 2;
const MAX_WORD = 4;

/** Readings kept per character when it has several (行: xing, hang): enough for the common ones. */
const MAX_READINGS = 3;

/** Corrected runs kept: the same messages come again. */
const RECENT_RUNS = 10_000;

/**
 * A stretch this common in jieba's dictionary (its frequency column) is a real word, not a typo:
 * 回复 (reply, 492) and 欠款 (debt, 65) stay, 灰复 (3) and 鱼饵 (22) are taken for 恢复 and 余额.
 */
const REAL_WORD_FREQUENCY = 50;

/** Where an edge character makes a common word with its neighbour, a correction must make its stretch this much more likely (natural log: about 7 times) than as written. */
const MORE_LIKELY = 2;

/**
 * Elsewhere a correction by sound must still make its stretch more likely than two common characters
 * side by side (下再 of 了解下再决定 is no 下载; 后会 of 注销后会收到 no 后悔): by e³, about 20 times.
 * Real typos gain far more (于额 → 余额 e^4.8, 灰复 → 恢复 e^10, 邦定 → 绑定 e^3.6).
 */
const LIKELY_ENOUGH = 3;

let wordFrequencies: Map<string, number> | undefined;
let realWords: Set<string> | undefined;
let logTotal = 0;

/** jieba's dictionary: single characters and the common words up to four characters, by frequency; read once per process. */
function frequencies(): Map<string, number> {
  if (wordFrequencies) return wordFrequencies;
  wordFrequencies = new Map();
  let total = 0;
  for (const line of new TextDecoder().decode(dict).split('\n')) {
    const [word, column] = line.split(' ');
    const frequency = Number(column);
    if (!word || !(frequency > 0)) continue;
    total += frequency;
    if (word.length === 1 || (word.length <= MAX_WORD && frequency >= REAL_WORD_FREQUENCY)) wordFrequencies.set(word, frequency);
  }
  logTotal = Math.log(total);
  return wordFrequencies;
}

/** Words of two to four characters that jieba's dictionary counts as common. */
export function commonWords(): Set<string> {
  realWords ??= new Set([...frequencies().keys()].filter((w) => w.length >= MIN_WORD));
  return realWords;
}

/**
 * The log-likelihood of `text` (Han characters) as its most likely sequence of dictionary words,
 * each word drawn on its own (a unigram model over jieba's frequencies); `extra` words count as common.
 */
function logLikelihood(text: string, extra: string): number {
  const freq = frequencies();
  const best = new Array<number>(text.length + 1).fill(-Infinity);
  best[0] = 0;
  for (let end = 1; end <= text.length; end++) {
    for (let len = 1; len <= Math.min(MAX_WORD, end); len++) {
      const word = text.slice(end - len, end);
      const f = freq.get(word) ?? (word === extra ? REAL_WORD_FREQUENCY : len === 1 ? 1 : 0);
      if (f > 0) best[end] = Math.max(best[end]!, best[end - len]! + Math.log(f) - logTotal);
    }
  }
  return best[text.length]!;
}

function nearSound(syllable: string): string {
  let s = syllable;
  for (const [from, to] of NEAR_SOUNDS) s = s.replace(from, to);
  return s;
}

/**
 * Corrects Chinese typos by sound and by shape: a stretch of two to four characters that is neither a word of the knowledge base
 * nor a common word of the segmenter's dictionary, and that sounds the same or nearly the same as a word
 * of the knowledge base it shares a character with (于额 → 余额, 灰复 → 恢复, 解帮 → 解绑), or that is
 * a knowledge-base word with one character swapped for a look-alike (时问 → 时间), becomes that word.
 * Readings come from pinyin-pro, not from hand tables.
 */
export class ChineseTypoCorrector {
  private readonly words: Set<string>;
  /** Knowledge-base words by their toneless pinyin, and by its near-sound form. */
  private readonly bySound = new Map<string, string[]>();
  private readonly byNearSound = new Map<string, string[]>();
  /** Each knowledge-base word that sounds exactly like others, with them. */
  private readonly homophones = new Map<string, string[]>();
  private readonly readings = new Map<string, string[]>();
  private readonly recent = new RecentCache<string>(RECENT_RUNS);
  private readonly realWords = commonWords();

  /** `words`: the knowledge base's Chinese words, most used first (a sound shared by two goes to the first). */
  constructor(words: Iterable<string>) {
    this.words = new Set([...words].filter((w) => /^\p{Script=Han}+$/u.test(w)));
    for (const word of this.words) {
      if (word.length < MIN_WORD || word.length > MAX_WORD) continue;
      const syllables = pinyin(word, { toneType: 'none', type: 'array' });
      push(this.bySound, syllables.join(' '), word);
      push(this.byNearSound, syllables.map(nearSound).join(' '), word);
    }
    for (const group of this.bySound.values()) for (const word of group) if (group.length > 1) this.homophones.set(word, group.filter((w) => w !== word));
  }

  /**
   * `text` read with one of its knowledge-base words swapped for another that sounds exactly alike
   * (回复 → 恢复, 一半 → 一般): a typo the corrector cannot see, since both are words. One reading per
   * such word, at most `limit`, skipping pairs `same` says mean the same (账户/帐户); the caller keeps
   * a reading only when it makes clearly more sense.
   */
  homophoneReadings(text: string, limit: number, same: (a: string, b: string) => boolean): string[] {
    const readings: string[] = [];
    for (const run of text.matchAll(/\p{Script=Han}+/gu)) {
      const start = run.index;
      for (let i = 0; i < run[0].length && readings.length < limit; ) {
        const length = this.knownWordAt(run[0], i);
        if (length === 0) {
          i += 1;
          continue;
        }
        const word = run[0].slice(i, i + length);
        for (const other of this.homophones.get(word) ?? []) {
          if (!same(word, other) && readings.length < limit) readings.push(text.slice(0, start + i) + other + text.slice(start + i + length));
        }
        i += length;
      }
    }
    return readings;
  }

  /** `run` (Han characters only) with its typos replaced by the knowledge-base words they stand for. */
  correct(run: string): string {
    if (run.length < MIN_WORD) return run;
    const cached = this.recent.get(run);
    if (cached !== undefined) return cached;
    let out = '';
    let i = 0;
    while (i < run.length) {
      const known = this.knownWordAt(run, i);
      if (known > 0) {
        out += run.slice(i, i + known);
        i += known;
        continue;
      }
      const fix = this.fixAt(run, i, out);
      if (fix) {
        out += fix.word;
        i += fix.length;
      } else {
        out += run[i];
        i += 1;
      }
    }
    this.recent.set(run, out);
    return out;
  }

  /** The length of the longest knowledge-base word starting at `i`, or 0. */
  private knownWordAt(run: string, i: number): number {
    for (let len = Math.min(MAX_WORD, run.length - i); len >= MIN_WORD; len--) if (this.words.has(run.slice(i, i + len))) return len;
    return 0;
  }

  /**
   * The best knowledge-base word that the stretch starting at `i` is a typo of, longest stretch first.
   * `before` is the run up to `i` as corrected so far.
   */
  private fixAt(run: string, i: number, before: string): { word: string; length: number } | undefined {
    for (let len = Math.min(MAX_WORD, run.length - i); len >= MIN_WORD; len--) {
      const stretch = run.slice(i, i + len);
      if (this.realWords.has(stretch)) continue;

      // Near sounds are weaker evidence: a particle in the stretch (忘了) is more likely meant than
      // mistyped. A look-alike must make a knowledge-base word, which a particle may be the typo of (时问).
      const word =
        this.soundAlike(stretch, this.bySound) ?? (hasParticle(stretch) ? undefined : this.soundAlike(stretch, this.byNearSound, nearSound)) ?? this.shapeAlike(stretch);
      if (word && this.moreLikely(before, stretch, word, run.slice(i + len))) return { word, length: len };
    }
    return undefined;
  }

  /**
   * Whether `word` in place of `stretch` is much more likely, when an edge character of the stretch
   * makes a common word with its neighbour (人员|来, 的|交易): 人员来 stays (人原来 is no likelier),
   * 的交易 stays (递交易 is far less likely), 备分数据 is 备份数据 (备 分数 据 is far less likely).
   */
  private moreLikely(before: string, stretch: string, word: string, after: string): boolean {
    const atEdge = this.endsWord(before, stretch[0]!) || this.startsWord(stretch.at(-1)!, after);
    const left = before.slice(-(MAX_WORD - 1));
    const right = after.slice(0, MAX_WORD - 1);
    const gain = logLikelihood(left + word + right, word) - logLikelihood(left + stretch + right, word);
    // A look-alike swap (time 时问, 在那里 for 在哪里) is a typo by its shape whatever the characters' frequencies say.
    return gain >= (atEdge ? MORE_LIKELY : looksAlike(stretch, word) ? -Infinity : LIKELY_ENOUGH);
  }

  /** A common word ends with `char` and starts in `before` (人员 in 人|员来). */
  private endsWord(before: string, char: string): boolean {
    for (let len = MIN_WORD; len <= MAX_WORD && len - 1 <= before.length; len++) if (this.realWords.has(before.slice(before.length - len + 1) + char)) return true;
    return false;
  }

  /** A common word starts with `char` and ends in `after` (交易 in 的交|易). */
  private startsWord(char: string, after: string): boolean {
    for (let len = MIN_WORD; len <= MAX_WORD && len - 1 <= after.length; len++) if (this.realWords.has(char + after.slice(0, len - 1))) return true;
    return false;
  }

  /** A word that sounds like `stretch` (by `key`) and shares a character with it in the same place. */
  private soundAlike(stretch: string, index: Map<string, string[]>, key: (s: string) => string = (s) => s): string | undefined {
    for (const reading of this.readingsOf(stretch, key)) {
      const word = index.get(reading)?.find((w) => [...w].some((c, k) => c === stretch[k]));
      if (word) return word;
    }
    return undefined;
  }

  /**
   * The knowledge-base word `stretch` becomes when one of its characters is swapped for one that
   * looks like it (时问 → 时间, 步聚 → 步骤): a shape typo keeps every other character in place.
   */
  private shapeAlike(stretch: string): string | undefined {
    const chars = [...stretch];
    for (let k = 0; k < chars.length; k++) {
      for (const alike of SHAPE_ALIKE.get(chars[k]!) ?? []) {
        const word = [...chars.slice(0, k), alike, ...chars.slice(k + 1)].join('');
        if (this.words.has(word)) return word;
      }
    }
    return undefined;
  }

  /** Every way to read `stretch` (each character's readings combined), keyed. */
  private readingsOf(stretch: string, key: (s: string) => string): string[] {
    let combos = [''];
    for (const char of stretch) {
      const options = this.charReadings(char).map(key);
      combos = combos.flatMap((c) => options.map((o) => (c ? `${c} ${o}` : o)));
    }
    return combos;
  }

  private charReadings(char: string): string[] {
    let r = this.readings.get(char);
    if (!r) {
      r = pinyin(char, { toneType: 'none', type: 'array', multiple: true }).slice(0, MAX_READINGS);
      this.readings.set(char, r);
    }
    return r;
  }
}

/** `word` is `stretch` with one character swapped for a look-alike. */
function looksAlike(stretch: string, word: string): boolean {
  const differ = [...stretch].flatMap((c, k) => (c === word[k] ? [] : [k]));
  return stretch.length === word.length && differ.length === 1 && (SHAPE_ALIKE.get(stretch[differ[0]!]!)?.includes(word[differ[0]!]!) ?? false);
}

function hasParticle(stretch: string): boolean {
  return [...stretch].some((c) => CHINESE_STOPWORDS.has(c));
}

function push(map: Map<string, string[]>, key: string, word: string): void {
  const list = map.get(key);
  if (list) list.push(word);
  else map.set(key, [word]);
}
