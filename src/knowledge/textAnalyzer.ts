import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { stemmer } from 'stemmer';
import { toSimplified } from '../nlu/script';
import { cantoneseToMandarin } from './cantonese';
import { ChineseTypoCorrector, commonWords } from './chineseTypos';
import { RecentCache } from './recentCache';
import { CHINESE_STOPWORDS, ENGLISH_STOPWORDS } from './stopwords';
import type { SynonymTable } from './topicSchema';

/** Marks a term that stands for a synonym concept rather than a literal word. */
export const CONCEPT_PREFIX = '§';
/** The concept of closing the account (注销, close, delete …), which several parts of understanding look for. */
export const CLOSE_CONCEPT = `${CONCEPT_PREFIX}close`;

const HAN = /\p{Script=Han}/u;
/** "$50", "20 bucks", "30块钱": an amount of money is the balance, whatever the currency. */
const MONEY_AMOUNT =
  /[$¥￥€£]\s?\d+(?:[.,]\d+)?|(?:rm|rs\.?|s\$|a\$|hk\$|₹|₱|₦)\s?\d+(?:[.,]\d+)?|\d+(?:[.,]\d+)?\s?多?\s?(?:块钱|块|元|毛|rmb|cny|usd|sgd|myr|rm|inr|php|aud|hkd|dollars?|bucks|euros?|pounds?|quid|rupees?|pesos?|naira|ringgit)(?![a-z])|[零一二两三四五六七八九十百千万几]+多?(?:块钱|元)/g;
const LATIN_WORD = /^[a-z][a-z0-9'-]*$/;
/**
 * Chat that says how one asks, not what: "asap" (written out by the shorthand), "quick question",
 * "first time" (who asks, not what: not "first" of a checklist nor "time" of the timing), greeting the support desk ("hi support", whose "support" is no question about support).
 */
const CHAT_PHRASES = /(?<![a-z])(?:as soon as possible|quick (?:question|q)|(?:for )?(?:the )?first time|(?:hi|hello|hey|dear) (?:there )?(?:customer )?(?:support|service|care)(?: team)?)(?![a-z])/g;

/** "3 times", "a few times": tries counted, one phrase for the synonyms (a problem), never the timing's "time". */
const REPEATED_TRIES = /(?<![a-z0-9])(?<!how )(?:\d+|two|three|four|five|ten|several|many|multiple|a few|a couple of|so many|like \d+) times(?![a-z])/g;

/** The English words of a text for the spelling correction, as the tokens split them (at hyphens, not at apostrophes). */
const ENGLISH_WORD = /(?<![a-z0-9'])[a-z][a-z']*(?![a-z0-9'])/g;

/** Weight of user dictionary entries: high enough that jieba keeps domain phrases whole. */
const PHRASE_FREQUENCY = 200_000;

/** Lower, so a filler never splits a domain phrase it overlaps. */
const STOPWORD_FREQUENCY = 20_000;

/** Corrections kept: far more than the distinct misspellings of a day, a few hundred KB at most. */
const RECENT_CORRECTIONS = 10_000;

const HAN_RUN = /\p{Script=Han}+/gu;

/**
 * A question asked as "A not A" (还在不在, 要不要, 影不影响, 有没有): it means "A?", and its "不A" is no
 * word the knowledge base uses, so it is read as A.
 */
const A_NOT_A = /(\p{Script=Han})[不没]\1/gu;

/**
 * Turns text in either language into search terms: Traditional Chinese becomes Simplified and written
 * Cantonese Mandarin, Chinese typos by sound are corrected and Chinese is segmented with jieba,
 * English is lower-cased and
 * stemmed, stop words go, domain synonyms become one concept term, and English typos are corrected
 * against the words the knowledge base knows.
 */
export class TextAnalyzer {
  private readonly jieba: Jieba;
  private readonly zhConcepts = new Map<string, string>();
  private readonly enWordConcepts = new Map<string, string>();
  /** English multi-word phrases, each with the concept it stands for, and one pattern finding them all. */
  private readonly enPhraseConcepts = new Map<string, string>();
  private readonly enPhrasePattern: RegExp | undefined;
  private vocabulary = new Set<string>();
  /** The vocabulary's stems: a word with one of them ("filed" of "file") is a form of a known word. */
  private vocabularyStems = new Set<string>();
  /**
   * The vocabulary by its words with letters deleted (one, or two for longer words): two words
   * within that many edits share such a form, so a typo's candidates are found without a scan.
   */
  private byDeletion = new Map<string, string[]>();
  /**
   * Recent spellings (`spelled`), corrections included; bounded, as input is anyone's. Most words of a
   * message are no typo, and deciding so costs a few stems.
   */
  private readonly spellings = new RecentCache<string>(RECENT_CORRECTIONS);
  private chineseTypos: ChineseTypoCorrector | undefined;
  /** The Chinese words the knowledge base's texts are indexed by: an unknown compound made of them is read as them (`splitCompound`). */
  private indexedChinese = new Set<string>();

  constructor(synonyms: SynonymTable) {
    this.jieba = Jieba.withDict(dict);
    const userDict: string[] = [];
    for (const [concept, words] of Object.entries(synonyms)) {
      const term = CONCEPT_PREFIX + concept;
      for (const w of words.zh) {
        const key = w.toLowerCase();
        this.zhConcepts.set(key, term);
        if (!/\s/.test(key)) userDict.push(`${key} ${PHRASE_FREQUENCY}`);
      }
      for (const w of words.en) {
        const key = expandContractions(w.toLowerCase());
        if (/[\s-]/.test(key)) {
          this.enPhraseConcepts.set(key, term);
        } else {
          this.enWordConcepts.set(key, term);
          this.enWordConcepts.set(stemmer(key), term);
        }
      }
    }
    // Colloquial fillers jieba does not know ("木有", "咋整") must stay whole to be dropped whole.
    for (const w of CHINESE_STOPWORDS) if (w.length > 1 && !this.zhConcepts.has(w)) userDict.push(`${w} ${STOPWORD_FREQUENCY}`);
    this.jieba.loadDict(Buffer.from(userDict.join('\n'), 'utf8'));
    // Longest first, so "cancel my account" wins over "cancel" wherever both would match.
    const phrases = [...this.enPhraseConcepts.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.enPhrasePattern = phrases.length > 0 ? new RegExp(`(?<![a-z])(?:${phrases.join('|')})(?![a-z])`, 'g') : undefined;
  }

  /**
   * Words the typo corrector may correct to: the analyzed vocabulary of the knowledge base.
   * Set once after the knowledge base is indexed.
   */
  setVocabulary(words: Iterable<string>): void {
    // Function words too, so a mistyped one ("anyhting") is read as the function word it is, not as an unknown word.
    const functionWords = [...ENGLISH_STOPWORDS].filter((w) => /^[a-z]{5,}$/.test(w));
    this.vocabulary = new Set([...words, ...functionWords].filter((w) => LATIN_WORD.test(w) && w.length >= 4));
    this.vocabularyStems = new Set([...this.vocabulary].map((w) => stemmer(w)));
    this.byDeletion = new Map();
    for (const w of this.vocabulary) {
      for (const form of deletionForms(w, w.length >= 6 ? 2 : 1)) {
        const words = this.byDeletion.get(form);
        if (words) words.push(w);
        else this.byDeletion.set(form, [w]);
      }
    }
    this.spellings.clear();
  }

  /**
   * Chinese words the typo corrector may correct to: the knowledge base's, most used first. Set once
   * after the knowledge base is indexed, so its own text is never "corrected".
   */
  setChineseVocabulary(words: Iterable<string>): void {
    this.chineseTypos = new ChineseTypoCorrector(words);
  }

  /** The terms the knowledge base is indexed by (its Chinese ones are the parts a compound may split into). Set once after indexing. */
  setIndexedTerms(terms: Iterable<string>): void {
    this.indexedChinese = new Set([...terms].filter((t) => HAN.test(t) && !t.startsWith(CONCEPT_PREFIX)));
  }

  /** The words jieba cuts the Chinese of `text` into (for the typo corrector's vocabulary). */
  chineseWords(text: string): string[] {
    return (text.match(HAN_RUN) ?? []).flatMap((run) => this.jieba.cut(run, true));
  }

  /** `text` in Simplified Mandarin with its Chinese typos corrected; English and the rest as they were. */
  correctChinese(text: string): string {
    const simplified = cantoneseToMandarin(toSimplified(text));
    const typos = this.chineseTypos;
    return typos ? simplified.replace(HAN_RUN, (run) => typos.correct(run)) : simplified;
  }

  /**
   * `text` (already corrected) with one knowledge-base word swapped for a homophone that is one too
   * and means something else (回复 / 恢复; not 账户 / 帐户, one concept).
   */
  homophoneReadings(text: string, limit: number): string[] {
    const concept = (w: string) => this.zhConcepts.get(w) ?? w;
    return this.chineseTypos?.homophoneReadings(text, limit, (a, b) => concept(a) === concept(b)) ?? [];
  }

  analyze(text: string): string[] {
    let normalized = expandContractions(this.correctChinese(text.normalize('NFKC')).replace(A_NOT_A, '$1').toLowerCase()).replace(MONEY_AMOUNT, ' money ');
    normalized = normalized.replace(CHAT_PHRASES, ' ').replace(REPEATED_TRIES, ' several times ');
    // Typos are corrected before phrases are found: "change my paswsord" is the phrase "change my password".
    normalized = normalized.replace(ENGLISH_WORD, (word) => this.spelled(word));
    if (this.enPhrasePattern) normalized = normalized.replace(this.enPhrasePattern, (phrase) => ` ${this.enPhraseConcepts.get(phrase)} `);
    const terms: string[] = [];
    for (const piece of normalized.split(/\s+/)) {
      if (!piece) continue;
      if (piece.startsWith(CONCEPT_PREFIX)) {
        terms.push(piece);
        continue;
      }
      for (const token of this.tokenize(piece)) {
        const term = this.normalizeToken(token);
        if (term) terms.push(term);
      }
    }
    return terms;
  }

  /**
   * Chinese runs go through jieba; Latin runs are split on their own, so "happens" never becomes
   * "h app ens", and at hyphens ("security-wise"): hyphenated synonyms were matched as phrases before.
   */
  private *tokenize(piece: string): Generator<string> {
    for (const run of piece.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu) ?? []) {
      if (HAN.test(run)) for (const word of this.jieba.cut(run, true)) yield* this.splitCompound(word);
      else yield* run.match(/[a-z0-9][a-z0-9']*/g) ?? [];
    }
  }

  /**
   * A word jieba keeps whole that the knowledge base never uses but that is made of its words and
   * function words is read as those words, so it does not count as an unknown word against a question
   * whose parts the knowledge base knows: a compound (安全检查 of 安全 and 检查, 检查一下). A stretch
   * jieba glued together that no dictionary has, of a function word and one character (注销完是不是:
   * 完是; 能先, 我怕), says too little to count: only a character that is a concept of its own stays.
   * 所有, a real word, is no 所 and 有.
   */
  private splitCompound(word: string): string[] {
    if (word.length < 2 || this.indexedChinese.size === 0 || this.isKnownChinese(word)) return [word];
    const glued = !commonWords().has(word);
    const isPart = (piece: string) => CHINESE_STOPWORDS.has(piece) || (piece.length > 1 ? this.isKnownChinese(piece) : glued);
    // parts[i]: a split of word.slice(0, i) into parts, fewest first.
    const parts: (string[] | undefined)[] = [[]];
    for (let end = 1; end <= word.length; end++) {
      for (let start = 0; start < end; start++) {
        const before = parts[start];
        const piece = word.slice(start, end);
        if (before && isPart(piece) && (!parts[end] || before.length + 1 < parts[end]!.length)) parts[end] = [...before, piece];
      }
    }
    const split = parts[word.length];
    if (!split || split.length < 2) return [word];
    const content = split.filter((p) => !CHINESE_STOPWORDS.has(p));
    const single = content.filter((p) => p.length === 1);
    if (content.length === 0 || single.length > 1 || (single.length === 1 && content.length === split.length)) return [word];
    return single.length === 0 ? split : split.filter((p) => p.length > 1 || this.zhConcepts.has(p) || CHINESE_STOPWORDS.has(p));
  }

  private isKnownChinese(word: string): boolean {
    return this.zhConcepts.has(word) || this.indexedChinese.has(word);
  }

  private normalizeToken(token: string): string | undefined {
    if (!token || /^[\p{P}\p{S}\s]+$/u.test(token)) return undefined;
    const zh = this.zhConcepts.get(token);
    if (zh) return zh;
    if (HAN.test(token)) return CHINESE_STOPWORDS.has(token) ? undefined : token;
    if (!LATIN_WORD.test(token)) return /^\d+$/.test(token) ? undefined : token;
    if (ENGLISH_STOPWORDS.has(token) || token.length < 2) return undefined;
    const known = this.enWordConcepts.get(token);
    if (known) return known;
    // The stemmer knows no irregular verb: "undone" is "undo", "withdrew" is "withdraw".
    const word = IRREGULAR_FORMS[token] ?? token;
    const stem = stemmer(word);
    return this.enWordConcepts.get(word) ?? this.enWordConcepts.get(stem) ?? stem;
  }

  /** An English word as the knowledge base spells it: itself when it is known or a function word, else its correction. */
  private spelled(word: string): string {
    if (ENGLISH_STOPWORDS.has(word) || word.length < 2 || this.vocabulary.has(word)) return word;
    const cached = this.spellings.get(word);
    if (cached !== undefined) return cached;
    const spelled = this.spell(word);
    this.spellings.set(word, spelled);
    return spelled;
  }

  private spell(word: string): string {
    // A word whose stem is known is no typo: "reactivated" must not be "corrected" to "deactivated",
    // nor "filed" (of "file") to "failed".
    const isKnown = (w: string) => {
      const stem = stemmer(w);
      return this.enWordConcepts.has(w) || this.enWordConcepts.has(stem) || this.vocabularyStems.has(stem);
    };
    if (isKnown(word)) return word;
    // A form of a known word is that word's (clsoing of the listed typo clsoe), never a typo of another.
    const base = baseForms(word).find(isKnown);
    if (base) return this.enWordConcepts.has(base) || this.enWordConcepts.has(stemmer(base)) ? base : word;
    return this.correct(word);
  }

  /** Nearest known word within one edit (two for long words), or the word itself (kept by `spelled`). */
  private correct(word: string): string {
    if (word.length < 5 || this.vocabulary.size === 0 || this.vocabulary.has(word)) return word;
    const limit = word.length >= 8 ? 2 : 1;
    let best: string | null = null;
    let bestDistance = limit + 1;
    const candidates = new Set<string>();
    for (const form of deletionForms(word, limit)) for (const c of this.byDeletion.get(form) ?? []) candidates.add(c);
    for (const candidate of candidates) {
      const d = editDistance(word, candidate, limit, word.length >= VOWEL_SLIP_LENGTH);
      if (d < bestDistance || (d === bestDistance && best !== null && candidate < best)) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best ?? word;
  }

  /** The original (unstemmed) English words the analyzer would map, for the vocabulary. */
  knownWords(): string[] {
    return [...this.enWordConcepts.keys()];
  }
}

/** The word and every form of it with up to `depth` letters deleted. */
function deletionForms(word: string, depth: number): Set<string> {
  const forms = new Set([word]);
  let frontier = [word];
  for (let level = 0; level < depth; level++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const form = w.slice(0, i) + w.slice(i + 1);
        if (!forms.has(form)) {
          forms.add(form);
          next.push(form);
        }
      }
    }
    frontier = next;
  }
  return forms;
}

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** Keys next to each other on a QWERTY keyboard, where a slipped finger lands. */
const NEIGHBOURS = new Map<string, Set<string>>();
KEYBOARD_ROWS.forEach((row, r) => {
  [...row].forEach((key, c) => {
    const near = new Set<string>();
    for (const dr of [-1, 0, 1]) {
      const other = KEYBOARD_ROWS[r + dr];
      for (const dc of [-1, 0, 1]) if (other?.[c + dc] && other[c + dc] !== key) near.add(other[c + dc]!);
    }
    NEIGHBOURS.set(key, near);
  });
});

/**
 * A typo swaps in a neighbouring key (or, in a long word, a vowel); any other substitution is two
 * edits, so a different real word ("reply" / "repay", "writing" / "waiting") is not taken for a typo.
 */
function substitutionCost(x: string, y: string, vowelSlips: boolean): number {
  return NEIGHBOURS.get(x)?.has(y) || (vowelSlips && VOWELS.has(x) && VOWELS.has(y)) ? 1 : 2;
}

const VOWELS = new Set('aeiouy');

/**
 * From this length a vowel written for another is one edit too ("balence", "seperate"): people spell
 * by sound; shorter words differing in a vowel are too often other words (lost / last).
 */
const VOWEL_SLIP_LENGTH = 6;

/**
 * Optimal string alignment distance (neighbouring-key substitutions, and with `vowelSlips` a vowel
 * for a vowel, cost one), giving up once it exceeds `limit`.
 */
export function editDistance(a: string, b: string, limit: number, vowelSlips = false): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prevPrev = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const cur = new Array<number>(cols).fill(0);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : substitutionCost(a[i - 1]!, b[j - 1]!, vowelSlips);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prevPrev[j - 2]! + 1);
      cur[j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    prevPrev = prev;
    prev = cur;
  }
  return prev[cols - 1]!;
}

/**
 * The base forms a regular inflection may come from, where the stemmer reads the two differently
 * ("tried" is "tri" but "trying" is "try"): a form of a known word is no typo of another ("tried" is not "tied").
 */
function baseForms(word: string): string[] {
  const forms: string[] = [];
  if (/ie[sd]$/.test(word)) forms.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('ed')) forms.push(word.slice(0, -2), word.slice(0, -1));
  if (word.endsWith('ing')) forms.push(word.slice(0, -3), `${word.slice(0, -3)}e`);
  if (word.endsWith('s')) forms.push(word.slice(0, -1));
  return forms;
}

/** Irregular English verb forms and their base form, which the stemmer and the synonyms know. */
const IRREGULAR_FORMS: Record<string, string> = Object.fromEntries(
  (
    'done:do did:do undone:undo undid:undo redone:redo redid:redo gone:go went:go taken:take took:take made:make ' +
    'paid:pay sent:send gotten:get got:get kept:keep spent:spend told:tell said:say written:write wrote:write ' +
    'given:give gave:give seen:see saw:see known:know knew:know forgotten:forget forgot:forget frozen:freeze froze:freeze ' +
    'stolen:steal stole:steal withdrew:withdraw withdrawn:withdraw chosen:choose chose:choose begun:begin began:begin ' +
    'bought:buy sold:sell brought:bring thought:think meant:mean heard:hear held:hold ' +
    'broken:break broke:break shown:show hidden:hide hid:hide woken:wake understood:understand ' +
    'unbound:unbind'
  )
    .split(' ')
    .map((pair) => pair.split(':') as [string, string]),
);

/**
 * "can't", "cant" and "won't let" become "cannot" and "will not let", so negations match however
 * they are typed, apostrophe or not.
 */
function expandContractions(text: string): string {
  return expandChatShorthand(text)
    .replace(/[’‘`]/g, "'")
    .replace(/\bcan'?t\b/g, 'cannot')
    .replace(/\bwon'?t\b/g, 'will not')
    .replace(/\b(do|does|did|is|are|was|were|have|has|had|could|would|should)nt\b/g, '$1 not')
    .replace(/\b([a-z]+)n't\b/g, '$1 not')
    .replace(/\b([a-z]+)'(?:s|re|ve|ll|d|m)\b/g, '$1');
}

/**
 * Chat shorthand in its full words ("walk me thru", "bc i barely use it", "can u"), so phrases and
 * synonyms written in full find it. Only forms that are no other English word.
 */
const CHAT_SHORTHAND: Record<string, string> = {
  u: 'you',
  ur: 'your',
  urs: 'yours',
  thru: 'through',
  tho: 'though',
  bc: 'because',
  'b/c': 'because',
  cuz: 'because',
  coz: 'because',
  bcoz: 'because',
  becuz: 'because',
  ppl: 'people',
  pwd: 'password',
  msg: 'message',
  msgs: 'messages',
  abt: 'about',
  'w/': 'with',
  'w/o': 'without',
  wanna: 'want to',
  gonna: 'going to',
  gotta: 'have to',
  lemme: 'let me',
  gimme: 'give me',
  idk: 'i do not know',
  asap: 'as soon as possible',
  rn: 'right now',
  plz: 'please',
  pls: 'please',
  smth: 'something',
  sth: 'something',
  bcz: 'because',
  acc: 'account',
  acct: 'account',
  accnt: 'account',
  accts: 'accounts',
  wat: 'what',
  wht: 'what',
};

const CHAT_SHORTHAND_PATTERN = new RegExp(`(?<![a-z0-9/])(?:${Object.keys(CHAT_SHORTHAND).map(escapeRegExp).join('|')})(?![a-z0-9/])`, 'g');

export function expandChatShorthand(text: string): string {
  return text.replace(CHAT_SHORTHAND_PATTERN, (word) => CHAT_SHORTHAND[word] ?? word);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
