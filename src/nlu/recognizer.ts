import { createHash } from 'node:crypto';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { KnowledgeSearch, SearchHit } from '../knowledge/search';
import { CLOSE_CONCEPT, CONCEPT_PREFIX, expandChatShorthand } from '../knowledge/textAnalyzer';
import type { Locale } from '../knowledge/topicSchema';
import {
  ACCOUNT_NAMED,
  ASKS_STATE,
  CREATIVE_REQUEST,
  ASKS_WHAT_OR_HOW,
  CANCEL_PATTERN,
  GREETING_PATTERNS,
  HANDOFF_PATTERNS,
  MANIPULATION_PATTERNS,
  NEGATED_CLOSING,
  NOT_AN_ACCOUNT_CLOSURE,
  MY_REQUEST,
  OWN_CLOSURE_STEP,
  REQUEST_MARKER,
  STATE_QUESTION,
  CLOSING_WORDS,
  OTHER_PRODUCT,
  OTHER_WALLET_MATTER,
  OTHER_SERVICE_CLOSURE_PATTERNS,
  OTHER_SERVICE_UNBIND_PATTERNS,
  OTHER_SERVICE_VETO,
  POLITE_REQUEST,
  POLITE_START_PATTERNS,
  POLITE_TAIL,
  QUESTION_MOOD,
  START_PATTERNS,
  START_QUESTION_VETO,
  START_VETO,
  STATUS_PATTERNS,
  STATUS_VETO,
  WALLET_MATTER_VETO,
  WALLET_NAMED,
} from './intentPatterns';
import { featuresOf, IntentClassifier } from './intentClassifier';
import { anyOf, type Cue } from './intentCues';
import { intentDocuments, IntentModel, loadIntentExamples, loadWrittenExamples, type NearestExample } from './intentModel';
import { MessageReading } from './messageReading';
import { detectLocale } from './language';
import { SAFETY_TOPICS, type SafetySignal } from './safety';
import { safetySignal } from './safetyPatterns';
import { detectScript } from './script';

export const INTENTS = ['faq', 'closure.start', 'closure.status', 'handoff', 'out_of_scope', 'greeting'] as const;
export type Intent = (typeof INTENTS)[number];

export interface Recognition {
  intent: Intent;
  locale: Locale;
  /** Knowledge topics that answer the message, best first (faq), or that relate to it (others). */
  topics: SearchHit[];
  /** Money or the account at risk: handled before anything else, in every flow. */
  safety?: SafetySignal;
  /** Set when the message is in Traditional Chinese: replies are converted to it. */
  script?: 'traditional';
}

/**
 * Below this confidence the knowledge base does not answer: the bot says what it can help with
 * instead. Chosen on test/eval/questions.yaml (see docs/search.md), checked on the held-out set.
 */
export const ANSWER_THRESHOLD = 0.3;

/** The synonym concept of closing the account (销户, deleted, closed …). */
const ACCOUNT_CONCEPT = `${CONCEPT_PREFIX}account`;
const WALLET_CONCEPT = `${CONCEPT_PREFIX}wallet`;
const REQUEST_CONCEPTS = new Set([CLOSE_CONCEPT, ACCOUNT_CONCEPT, WALLET_CONCEPT]);
/** Wiped, erased, gone: what a closed account's data becomes. */
const DELETE_CONCEPT = `${CONCEPT_PREFIX}delete-data`;

/** The classifiers trained in this process, by a digest of the knowledge directory and the texts they learned from. */
const TRAINED = new Map<string, IntentClassifier>();

/** Longer than any question a person types into a chat; the answer API allows as much. */
const MAX_MESSAGE_CHARS = 2000;

/** Intent and language of one message, offline: request patterns first, then the knowledge search. */
export class Recognizer {
  constructor(
    private readonly search: KnowledgeSearch,
    private readonly intents: IntentModel,
    private readonly classifier: IntentClassifier,
  ) {}

  /**
   * The recognizer over a knowledge base, its search and the intent examples kept beside it in
   * `knowledgeDir`: the nearest-example model and the classifier learn from the same texts.
   */
  static load(knowledgeDir: string, knowledge: KnowledgeBase, search: KnowledgeSearch): Recognizer {
    const examples = loadIntentExamples(knowledgeDir);
    const docs = intentDocuments(examples, knowledge, loadWrittenExamples(knowledgeDir));
    // Trained once per process for the same texts: a reload or a second bot over the same knowledge reuses it.
    const key = createHash('sha256').update(knowledgeDir).update('\0').update(docs.map((d) => `${d.intent}\t${d.text}`).join('\n')).digest('hex');
    let classifier = TRAINED.get(key);
    if (!classifier) {
      classifier = IntentClassifier.train(docs, (text) => featuresOf(search.analyzer, text));
      TRAINED.set(key, classifier);
    }
    return new Recognizer(search, new IntentModel(search.analyzer, examples, knowledge), classifier);
  }

  recognize(text: string, fallbackLocale: Locale): Recognition {
    const recognition = this.recognizeText(text, fallbackLocale);
    return detectScript(text) === 'traditional' ? { ...recognition, script: 'traditional' } : recognition;
  }

  private recognizeText(text: string, fallbackLocale: Locale): Recognition {
    const locale = detectLocale(text, fallbackLocale);
    // Patterns and search see Simplified Mandarin (Cantonese read as Mandarin) with its typos corrected.
    const normalized = this.search.analyzer.correctChinese(normalize(text));
    // What the checks below learn of the message's texts, each worked out once for this message.
    const reading = new MessageReading(this.search.analyzer, this.classifier, this.intents);
    if (!normalized || normalized.length > MAX_MESSAGE_CHARS) return { intent: 'out_of_scope', locale, topics: [] };
    if (MANIPULATION_PATTERNS.some((p) => p.test(normalized))) return { intent: 'out_of_scope', locale, topics: [] };
    // Money at risk or a scam comes before everything else: an urgent hand-off with what to do right
    // now; when the message asks about closing too, its answer stays and the signal rides along.
    const safety = safetySignal(expandChatShorthand(normalized));
    if (safety) {
      // A scam told with closing ("closed unless I move my money") is the scam; asking what to do about it after closing is a question.
      const aboutClosing = reading.analyze(normalized).includes(CLOSE_CONCEPT) && (safety === 'money_at_risk' || ASKS.test(normalized));
      const closing = aboutClosing ? this.searchTopics(reading, normalized) : undefined;
      if (closing) return { intent: 'faq', locale, topics: closing, safety };
      return { intent: 'handoff', locale, topics: [{ topicId: SAFETY_TOPICS[safety], score: 1 }], safety };
    }
    // Requests are read with chat shorthand in full ("can u delete it" as "can you").
    const request = expandChatShorthand(normalized);
    const patterned = requestIntent(request);
    // Another service named (a bank card, a SIM) is out of scope, unless the account is at risk and
    // the classifier sure of a hand-off ("someone unbound my bank card"); its support line stays out of scope.
    const said = (patterned === 'out_of_scope' && RISK.test(request) && this.handoffByClassifier(reading, request) ? 'handoff' : patterned) ?? this.requestByConcept(reading, request);
    // "前天让你们注销的那个号 现在注销完了没" names closing as a request does, but tells of one filed before and asks its state.
    const byPattern = said === 'closure.start' && this.statusByClassifier(reading, request, reading.cuesOf(request), false) ? 'closure.status' : said;
    // A status told and then a question the knowledge base answers ("submitted it, can I still recover it later?") is that question.
    const pattern = byPattern === 'closure.status' && this.asksTheKnowledgeBase(reading, request, clausesOf(request)) ? undefined : byPattern;
    const intent = pattern ?? this.agreed(reading, this.requestByExample(reading, request), request) ?? this.requestByClassifier(reading, request);
    if (intent) return { intent, locale, topics: [] };

    const confident = this.searchTopics(reading, normalized);
    if (confident) return { intent: 'faq', locale, topics: confident };
    return { intent: 'out_of_scope', locale, topics: [] };
  }

  /**
   * Requests whose wording no pattern lists: the person's own closure step and a question about where
   * it stands is a status question; a wish or an instruction with the closing concept and the account
   * ("把账号作废吧", "please get my wallet account closed") is a request to close, unless it asks.
   */
  private requestByConcept(reading: MessageReading, text: string): Intent | undefined {
    if (OWN_CLOSURE_STEP.test(text) && STATE_QUESTION.test(text) && !STATUS_VETO.test(text)) return 'closure.status';
    const terms = reading.analyze(text);
    const request = text.replace(POLITE_TAIL, '');
    const namesAccount = terms.includes(ACCOUNT_CONCEPT) || terms.includes(WALLET_CONCEPT);
    // A request names closing and the account and nothing else the knowledge base knows of: a
    // message that also names recovery, the balance or the email asks about them.
    const onlyClosing = terms.every((t) => !t.startsWith(CONCEPT_PREFIX) || REQUEST_CONCEPTS.has(t));
    // "I'd like an update on the closure I requested" asks about the request, not for another.
    const asksState = MY_REQUEST.test(text) && ASKS_STATE.test(text);
    if (terms.includes(CLOSE_CONCEPT) && namesAccount && onlyClosing && REQUEST_MARKER.test(request) && !START_VETO.test(request) && !ASKS_TO_BE_TOLD.test(request) && !asksState)
      return 'closure.start';
    return undefined;
  }

  /**
   * Requests in words no pattern knows, by their nearest example (src/nlu/intentModel.ts, examples in
   * knowledge/intents/): the message, or one of its clauses (a request after a story: "I've moved my
   * money out, so go ahead and close it"), must be nearer to a request example than to any question
   * the knowledge base answers, and its mood must fit the request: a request to close is asked for
   * and not asked about ("what happens if I close my account" is a question), a status question
   * names the person's own request or step, and a hand-off may be asked either way.
   */
  private requestByExample(reading: MessageReading, text: string): Intent | undefined {
    // The calibration first: only a message in the mood of some request is worth its nearest example.
    // "cancel it" leaves what is going on (src/nlu/flowCommands.ts); it closes nothing.
    // A request to close names closing or the account ("file a complaint" shares only a verb with "file a closure request").
    const namesClosing = reading.analyze(text).some((t) => REQUEST_CONCEPTS.has(t) || t === DELETE_CONCEPT);
    const asksToClose =
      namesClosing &&
      (asksFor(text) || (this.intents.opensAsCommand(text) && !QUESTION_MOOD.test(text))) &&
      !NEGATED_CLOSING.test(text) &&
      !CANCEL_PATTERN.test(text) &&
      !objectsAfterwards(text);
    const asksState = MY_REQUEST.test(text) && ASKS_STATE.test(text) && !STATUS_VETO.test(text);
    // "kindly advise the support channels", "why would someone delete it": asked about, not for.
    const asksForPerson = !ASKS_TO_BE_TOLD.test(text) && !ASKS_WHY_OR_HOW.test(text) && reading.namesItsOwnWords(text, 'handoff');
    if (!asksToClose && !asksState && !asksForPerson) return undefined;
    const clauses = clausesOf(text);
    const nearest = new Map([text, ...clauses].map((c) => [c, reading.nearest(c)]));
    const ownRequest = asksState && !this.asksTheKnowledgeBase(reading, text, clauses);
    // The clause that asks is the question; the clauses before it tell the story ("I submitted the
    // request. Do I have to click something in the email?" asks about the email, not the status).
    const question = [...clauses].reverse().find((c) => QUESTION_MOOD.test(c));
    let found: { intent: Intent; similarity: number } | undefined;
    for (const [candidate, ranked] of nearest) {
      const [nearest, runnerUp] = ranked;
      // Telling of one's own request and asking its state is evidence enough that a near status example
      // is meant, however near the knowledge base's questions or a request to close come ("it's been 3
      // days since I asked … where is it at?", "I'd like an update on the closure I requested").
      const status = ownRequest && (candidate === text || candidate === question || !question) ? reading.nearest(candidate, true).find((n) => n.intent === 'closure.status') : undefined;
      if (status && status.similarity >= MIN_STATUS_SIMILARITY) return 'closure.status';
      if (!nearest || nearest.intent === 'faq' || nearest.similarity < MIN_SIMILARITY) continue;
      // Nearest by a clear margin: a tie with a question of the knowledge base stays a question.
      if (runnerUp?.intent === 'faq' && runnerUp.similarity > nearest.similarity - TIE) continue;
      if (!found || nearest.similarity > found.similarity) found = { intent: nearest.intent, similarity: nearest.similarity };
    }
    const meant = { 'closure.start': asksToClose, 'closure.status': ownRequest, handoff: asksForPerson };
    return found && meant[found.intent as keyof typeof meant] ? found.intent : undefined;
  }

  /**
   * The nearest example's request, unless the classifier all but rules it out: one shared story
   * ("办了这个钱包 一直没用 … 直接给我注销了吧" is near a status example) is no match for the evidence
   * of every word and cue, and the classifier's own reading follows.
   */
  private agreed(reading: MessageReading, intent: Intent | undefined, text: string): Intent | undefined {
    if (intent !== 'closure.start' && intent !== 'closure.status' && intent !== 'handoff') return intent;
    return reading.probabilities(text)[intent] >= EXAMPLE_AGREEMENT ? intent : undefined;
  }

  /**
   * Requests the patterns and the nearest example miss, by the classifier's probability
   * (src/nlu/intentClassifier.ts) where the grammar agrees (src/nlu/intentCues.ts).
   */
  private requestByClassifier(reading: MessageReading, text: string): Intent | undefined {
    const cues = reading.cuesOf(text);
    if (this.statusByClassifier(reading, text, cues)) return 'closure.status';
    if (this.startByClassifier(reading, text, cues)) return 'closure.start';
    return this.handoffByClassifier(reading, text) ? 'handoff' : undefined;
  }

  /**
   * Asking for a person in words no pattern lists ("put me in touch with customer service", "找个懂的人来"),
   * or money at risk told in a way the safety patterns miss, where the classifier is sure of a
   * hand-off: a person sees it either way. The classifier knows no out-of-scope texts ("send money to
   * my friend" is nearest to a hand-off), so a person or a risk must be named too; not when it asks
   * how, what or why, or to be told.
   */
  private handoffByClassifier(reading: MessageReading, text: string): boolean {
    const p = reading.probabilities(text);
    return (
      p.handoff >= SURE_HANDOFF &&
      p.handoff - p.faq >= SURE_MARGIN &&
      PERSON_OR_RISK.test(text) &&
      !ASKS_WHY_OR_HOW.test(text) &&
      !ASKS_TO_BE_TOLD.test(text) &&
      !ASKS_CONTACT.test(text)
    );
  }

  /**
   * A status question tells of the person's own request (a step they took, time since, a reference
   * number, "my closure") and asks where it stands or says it is still where it was; a general
   * question (how long it usually takes, what it affects) or one the knowledge base answers is none.
   */
  private statusByClassifier(reading: MessageReading, text: string, cues: ReadonlySet<Cue> = reading.cuesOf(text), allowSure = true): boolean {
    // Time since alone tells of the person's request only when the closure or the account is named ("帮我查一下上个月的账单" is none).
    const namesClosure = reading.analyze(text).some((t) => REQUEST_CONCEPTS.has(t));
    const tellsOwnRequest = cues.has('own-step') || cues.has('my-closure') || cues.has('reference') || (cues.has('elapsed') && namesClosure);
    const asksWhereItStands = cues.has('asks-state') || cues.has('still');
    // "I did X, why is it still Y" says what it means in its grammar, whatever its words weigh for the classifier.
    const asksWhyStill = cues.has('why-still') && (cues.has('own-step') || cues.has('elapsed') || cues.has('my-closure'));
    // Where the classifier is sure, its reading carries the grammar's part: asking where it stands
    // without a story of one's own request ("is it closed yet", "号删了没"; in a support chat the
    // account asked about is one's own), or a story without the words of asking ("did my deletion get
    // rejected", "催一下我的注销申请"), so long as the closure is named.
    const p = reading.probabilities(text);
    // How or where is asked of the steps, unless of the request's own progress ("处理到哪里了").
    const asksHowToDo = cues.has('asks-how') && !cues.has('why-still') && !cues.has('asks-state');
    const sure =
      allowSure &&
      (namesClosure || tellsOwnRequest) &&
      !asksHowToDo &&
      !(NOT_WHERE_IT_STANDS.test(text) && !cues.has('why-still')) &&
      p['closure.status'] >= SURE_STATUS &&
      p['closure.status'] - p.faq >= SURE_MARGIN;
    return (
      ((tellsOwnRequest && asksWhereItStands) || sure) &&
      !cues.has('generic') &&
      !cues.has('asks-can-close') &&
      // Told as done is a story before a question about after it; "why hasn't it gone through" tells nothing done.
      !(cues.has('reports-done') && !cues.has('still') && !asksWhyStill) &&
      // "…没反应 卡住了 咋整" asks what to do, not where the request stands.
      !cues.has('what-to-do') &&
      (asksWhyStill || p['closure.status'] >= CLASSIFIED_STATUS) &&
      // A clause near a question of the knowledge base asks it, unless the classifier is sure.
      (sure || !this.asksTheKnowledgeBase(reading, text, clausesOf(text)))
    );
  }

  /**
   * A request to close names the account or closing and is an instruction or a wish, not a question
   * (a polite "can you …" is no question); the veto words are read in the clauses that ask, not in a
   * story before them ("以后不用了，直接帮我关了吧"), and the classifier reads the whole or those clauses
   * ("…? balance is already zero": the balance is a question's word, told here as a story).
   */
  private startByClassifier(reading: MessageReading, text: string, cues: ReadonlySet<Cue>): boolean {
    const request = text.replace(POLITE_TAIL, '');
    const terms = reading.analyze(text);
    // What is to be closed is the account or the wallet, or "it" of the story ("close my gym membership" is something else).
    const namesAccount = terms.includes(ACCOUNT_CONCEPT) || terms.includes(WALLET_CONCEPT) || /\p{Script=Han}|\b(?:it|this|that|everything|me|the whole thing)\b/u.test(text);
    // Closing is named, or said by the grammar of an instruction ("make it go away") or of being done
    // with it ("号我不要了 帮忙处理下"); the wallet alone is not it ("recommend a budgeting app").
    const namesClosing = namesAccount && (cues.has('instruction') || cues.has('done-with-it') || terms.some((t) => t === CLOSE_CONCEPT || t === DELETE_CONCEPT));
    const instructs = cues.has('instruction') || cues.has('desire') || asksFor(text);
    const clauses = clausesOf(request);
    const politely = (c: string) => POLITE_REQUEST.test(c) && !ASKS_WHAT_OR_HOW.test(c);
    const asking = clauses.filter((c) => politely(c) || reading.cuesOf(c).has('instruction') || reading.cuesOf(c).has('desire'));
    // A clause after the request that asks makes it a question again.
    const asksAfter = clauses.slice(clauses.indexOf(asking[0] ?? '') + 1).some((c) => QUESTION_MOOD.test(c));
    const vetoedBy = (veto: RegExp) => asksAfter || objectsAfterwards(request) || (asking.length > 0 ? asking : [request]).some((c) => veto.test(politely(c) ? c.replace(POLITE_FORM, ' ') : c));
    // Where the classifier is sure of a request, it carries what the grammar lacks (an instruction's
    // words: "initiate account closure", "i am asking you to close my account") and another matter
    // named beside it is told, not asked ("delete all my data and close my account"); a question or a refusal still vetoes.
    const p = reading.probabilities(request);
    const sure = p['closure.start'] >= SURE_START && p['closure.start'] - p.faq >= SURE_MARGIN;
    const vetoed = vetoedBy(sure ? START_QUESTION_VETO : START_VETO);
    const asks = QUESTION_MOOD.test(request) && !politely(request) && !(asking.length > 0 && asking.every(politely));
    // Asked politely for something else ("注销须知太长了 能不能帮我总结一下"): closing was the story, not the request.
    const asksForOther = asking.length > 0 && asking.every((c) => politely(c) && !reading.analyze(c).some((t) => REQUEST_CONCEPTS.has(t) || t === DELETE_CONCEPT) && !reading.cuesOf(c).has('instruction'));
    return (
      namesClosing &&
      !asksForOther &&
      (instructs || sure) &&
      !asks &&
      !vetoed &&
      !cues.has('refuses-closing') &&
      !CANCEL_PATTERN.test(text) &&
      !ASKS_TO_BE_TOLD.test(request) &&
      [request, ...(asking.length > 0 ? [asking.join(', ')] : [])].some((c) => reading.probabilities(c)['closure.start'] >= CLASSIFIED_START)
    );
  }

  /**
   * A clause of the message (the message, when it is one clause) asks what the knowledge base answers
   * ("…, can I still recover it later?"): that is the question, whatever was told before it; the whole
   * of a story and a status question reads like neither.
   */
  private asksTheKnowledgeBase(reading: MessageReading, text: string, clauses: string[]): boolean {
    return (clauses.length > 0 ? clauses : [text]).some(
      (c) => QUESTION_MOOD.test(c) && reading.analyze(c).length >= KNOWLEDGE_QUESTION_TERMS && answeredByKnowledge(reading.nearest(c)),
    );
  }

  /**
   * The knowledge topics that answer a question confidently, read as written or, when that makes
   * clearly more sense, with a word swapped for a homophone ("注销了还能回复账户吗": 恢复).
   */
  private searchTopics(reading: MessageReading, normalized: string): SearchHit[] | undefined {
    let best = this.searchReading(reading, normalized);
    for (const homophone of this.search.analyzer.homophoneReadings(normalized, HOMOPHONE_READINGS)) {
      const hits = this.searchReading(reading, homophone);
      if (hits && hits[0]!.score >= (best?.[0]!.score ?? 0) + HOMOPHONE_MARGIN) best = hits;
    }
    return best;
  }

  /**
   * The topics for one reading: its question part (a long message), else the whole message or the
   * question without the chat around it, whichever is more confident (the whole when both name its topic).
   */
  private searchReading(reading: MessageReading, normalized: string): SearchHit[] | undefined {
    const question = this.confidentTopics(questionOf(normalized));
    if (question) return question;
    const whole = this.confidentTopics(normalized);
    const withoutChat = this.withoutChat(reading, normalized);
    if (!withoutChat) return whole;
    if (!whole) return withoutChat;
    const moreConfident = withoutChat[0]!.score > whole[0]!.score;
    if (withoutChat[0]!.topicId === whole[0]!.topicId) return moreConfident ? withoutChat : whole;
    // The whole's answer stands when the question alone supports it too: the chat may still say which.
    return moreConfident && !withoutChat.some((h) => h.topicId === whole[0]!.topicId) ? withoutChat : whole;
  }

  /**
   * The question without the clauses before and after it that name nothing the knowledge base knows
   * ("大佬们 …", "…麻烦讲细点", "…老板让我问的", "… pls, im new to this"), when what is left is decisive:
   * such a clause says how the person feels or who they are, not what they ask, so the same question
   * with and without it gets the same answer, even where a word of the chat ("new") would pull the
   * whole towards another topic. A clause that asks (a question word, a question mark, 吗) stays.
   */
  private withoutChat(reading: MessageReading, text: string): SearchHit[] | undefined {
    const clauses = text.match(CLAUSE) ?? [];
    if (clauses.length < 2) return undefined;
    const isChat = (clause: string) =>
      !ASKS.test(clause) && !ENDS_AS_QUESTION.test(clause) && !reading.analyze(clause).some((t) => t.startsWith(CONCEPT_PREFIX));
    let first = 0;
    while (first < clauses.length && isChat(clauses[first]!)) first++;
    let last = clauses.length;
    while (last > first && isChat(clauses[last - 1]!)) last--;
    if (first === last) return undefined;
    // Trailing chat goes a clause at a time, the one nearest the question last: a clause that looks
    // like chat may still say what the question is about.
    for (let end = first > 0 ? clauses.length : clauses.length - 1; end >= last; end--) {
      // The question left must be decisive: clearly answered, at most one word of it unknown
      // ("how do I close this popup window" is not).
      const { hits, unknownWords } = this.search.search(clauses.slice(first, end).join(''));
      if (unknownWords <= 1 && (hits[0]?.score ?? 0) >= DECISIVE) return hits.filter((h) => h.score >= ANSWER_THRESHOLD);
    }
    return undefined;
  }

  private confidentTopics(text: string | undefined): SearchHit[] | undefined {
    if (!text) return undefined;
    const confident = this.search.search(text).hits.filter((h) => h.score >= ANSWER_THRESHOLD);
    return confident.length > 0 ? confident : undefined;
  }
}

/**
 * A clause: up to punctuation, a space after Chinese (chat's comma) or a sentence-final particle
 * (啊, 呀, 呢 …), which ends a Chinese clause as a comma would.
 */
const CLAUSE = /[^,，.。!！?？;；~～]+?(?:[啊呀呢吧啦哦嘛呗](?=\p{Script=Han})|(?<=\p{Script=Han})\s+|[,，.。!！?？;；~～]+\s*|$)/gu;

/** "please tell me …", "告诉我 …": a request for information, not for the closure. */
const ASKS_TO_BE_TOLD = /告诉|说明|解释|讲讲|教我|一步一步|总结|概括|\b(?:summar(?:y|ise|ize)|sum up|tell|confirm|advise|explain|inform|let me know|revert|walk me through|show me|guide me|teach me|step by step)\b/;

/** How near a request example must be (src/nlu/intentModel.ts: shared weight, 0–1) to count at all. */
const MIN_SIMILARITY = 0.5;

/** A clause this near a knowledge-base question, and this much nearer than to any request, asks that question. */
const KNOWLEDGE_QUESTION = 0.8;
/** …and says that much: "是不是没成功" or "为啥我的账户还在" is too little to be a question of its own. */
const KNOWLEDGE_QUESTION_TERMS = 3;
const KNOWLEDGE_MARGIN = 0.3;

/** A clause that objects to what was said before it. */
const OBJECTS = /^(?:but|though|however|although|但是|但|可是|不过|只是)/;

/** A clause after the first one objects ("I want to close, but I still have money in it"): a problem to answer, not a request. */
function objectsAfterwards(text: string): boolean {
  return clausesOf(text).slice(1).some((c) => OBJECTS.test(c));
}

/** The question form of a polite request ("能不能…吗", "can you …?"), which asks nothing. */
const POLITE_FORM = /^(?:请问)?(?:可以|能不能|可不可以|能|麻烦)|(?:吗|么|不|嘛)?[?？\s]*$|\b(?:can|could|would|will) you\b/g;

/**
 * The classifier's probability of a status question, or of a request to close, at which the grammar's
 * agreement decides. By 5-fold cross-validation over the training texts (test/unit/intentClassifier.test.ts)
 * the probabilities are calibrated (of texts at 0.5–0.6 for a class, half are it; at 0.9 or more, 99%),
 * and 0.5 is where precision meets recall (start 0.955 / 0.963, status 0.961 / 0.956).
 */
export const CLASSIFIED_STATUS = 0.5;
/**
 * Sure enough for the classifier to carry what the grammar lacks: held out, 98% of texts at 0.8 or
 * more are status questions, 100% requests to close; and this far ahead of a question for the knowledge base.
 */
export const SURE_STATUS = 0.8;
export const SURE_START = 0.8;
export const SURE_HANDOFF = 0.8;
const SURE_MARGIN = 0.6;
export const CLASSIFIED_START = 0.5;

/**
 * Below this probability of its intent the classifier overrules the nearest example: cross-validated,
 * about 1% of a request class's held-out texts fall under it, and over 92% of the other texts do.
 */
export const EXAMPLE_AGREEMENT = 0.1;

/** How near a status example must be when the message tells of the person's own request. */
const MIN_STATUS_SIMILARITY = 0.2;

/**
 * What would be ("if I uninstall the app, is my account closed"), why it went so ("got rejected,
 * why") or what one may still do ("can i still get my data back"): questions for the knowledge base
 * however sure the classifier is of a status question; "why is it still …" is the status.
 */
const NOT_WHERE_IT_STANDS = /(?<!\b(?:check|see|know|tell me|confirm|find out|wondering|ask)\s)\bif\b|如果|要是|假如|万一|\bwhy\b|为什么|为啥|\b(?:can|could|may) i\b|我(?:还)?(?:能|可以)(?!登|用|进|看到)/;

/** Asking for the support line or address ("客服电话多少", "what's the hotline"): a question, the knowledge base answers it. */
const ASKS_CONTACT = /多少|几号|号码|热线|邮箱|地址|\b(?:number|hotline|email address|address|contact details)\b/;

/** The account at risk named: a stranger, not me, unexplained, frozen, the password. */
const RISK = anyOf(
  /盗|陌生|不是我|莫名|冻结|止付|锁|被改|补办|异常|密码|hack/,
  /\b(?:someone|somebody|didn'?t|did not|not me|wasn'?t me|unauthori[sz]ed|don'?t recognize|suspicious|phish(?:ed|ing)?|hacked|stolen|swapped|lock|freeze|without my|password)\b/,
);
/** A person to talk to, or the account at risk, named: what a hand-off by the classifier needs beside its probability. */
const PERSON_OR_RISK = anyOf(
  /人(?!民币)|客服|员工|职员|工作人员|电话|回电|微信联系/,
  /\b(?:person|people|human|agent|rep|representative|supervisor|manager|staff|support|service|team)\b|\b(?:call|ring|phone)\s+(?:me|back)\b|\bcall\s*back\b/,
  RISK,
);

/** A question why or how is asked about a person, not for one. */
const ASKS_WHY_OR_HOW = /为什么|为啥|怎么|如何|什么|\b(?:why|how|what|whats)\b/;

/** A knowledge-base question this much less near still makes it a tie, which the mood cannot break for a request. */
const TIE = 0.05;

/** The clauses of a message, at punctuation, " - " and a space between Chinese (chat's comma): the request after a story is one of them. */
function clausesOf(text: string): string[] {
  const clauses = text.split(/[,，.。!！?？;；~～\n]+|\s+-\s+|\s+(?=(?:so|but|and then)\s)|(?<=\p{Script=Han})\s+(?=\p{Script=Han})/u).map((c) => c.trim()).filter(Boolean);
  return clauses.length > 1 ? clauses : [];
}

/** The nearest example is a knowledge-base question, far nearer than any request. */
function answeredByKnowledge(ranked: NearestExample[]): boolean {
  const faq = ranked.find((n) => n.intent === 'faq')?.similarity ?? 0;
  const request = ranked.find((n) => n.intent !== 'faq')?.similarity ?? 0;
  return faq >= KNOWLEDGE_QUESTION && faq - request >= KNOWLEDGE_MARGIN;
}

/** Asked for rather than asked about: a request marker, and no question unless it is a polite "can you …". */
function asksFor(text: string): boolean {
  const request = text.replace(POLITE_TAIL, '');
  if (POLITE_REQUEST.test(request)) return !ASKS_WHAT_OR_HOW.test(request) && !ASKS_TO_BE_TOLD.test(request);
  return REQUEST_MARKER.test(text) && !QUESTION_MOOD.test(request) && !ASKS_TO_BE_TOLD.test(request);
}

/** Readings with a homophone swapped that are tried, at most: the messages that have any have one or two. */
const HOMOPHONE_READINGS = 4;

/** How much more confident a homophone reading must be than the text as written to replace it. */
const HOMOPHONE_MARGIN = 0.2;

/** Confidence at which the question left after dropping chat answers alone. */
const DECISIVE = 0.4;

/** A clause ending as a question ("…, is that normal?", "…可以吗") asks something of its own. */
const ENDS_AS_QUESTION = /[?？吗么]\s*$/;

/** A clause that asks something of its own ("…, who do I call") is no chat around the question. */
const ASKS = /\b(?:who|what|where|when|why|how|which)\b|谁|哪|什么|为什么|怎么/;

/** A message this long (in letters, or Chinese characters weighed as letters) usually tells a story first and asks last. */
const STORY_CHARS = 150;

/**
 * The question a long message ends with (its last sentence with a question mark, else its last
 * sentence, else its last clause that asks), so the story before it does not outweigh it; undefined
 * for a short message.
 */
function questionOf(text: string): string | undefined {
  // A Chinese character says about as much as two and a half letters.
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  if (text.length + 1.5 * han < STORY_CHARS) return undefined;
  const sentences = text.match(/[^.!?。！？\n]+[.!?。！？]*/g)?.map((s) => s.trim()).filter(Boolean) ?? [];
  if (sentences.length >= 2) return [...sentences].reverse().find((s) => /[?？]$/.test(s)) ?? sentences.at(-1);
  // A story run on with commas ("…，所以想问问，注销之前我得先把钱转出来吗"): its last clause that asks.
  const clauses = text.split(/[,，]/).map((c) => c.trim()).filter(Boolean);
  if (clauses.length < 2) return undefined;
  return [...clauses].reverse().find((c) => /(?:[吗呢么嘛]|[?？])$/.test(c) || ASKS.test(c));
}

/**
 * Closing, unbinding or using another product (WeChat, a bank, a credit card) without the wallet in
 * it, or a wallet matter other than closing.
 */
function isAboutAnotherService(text: string): boolean {
  if (!CLOSING_WORDS.test(text) && !WALLET_MATTER_VETO.test(text) && OTHER_WALLET_MATTER.some((p) => p.test(text))) return true;
  if (!ACCOUNT_NAMED.test(text) && NOT_AN_ACCOUNT_CLOSURE.some((p) => p.test(text))) return true;
  if (CREATIVE_REQUEST.test(text)) return true;
  if (WALLET_NAMED.test(text)) return false;
  if (OTHER_SERVICE_UNBIND_PATTERNS.some((p) => p.test(text))) return true;
  if (OTHER_SERVICE_VETO.test(text)) return false;
  return OTHER_SERVICE_CLOSURE_PATTERNS.some((p) => p.test(text)) || (OTHER_PRODUCT.test(text) && !CLOSING_WORDS.test(text));
}

/**
 * The request intents, recognized by phrasing, and questions about other services (out of scope);
 * undefined means "a question for the knowledge base, or something else".
 */
function requestIntent(text: string): Intent | undefined {
  if (HANDOFF_PATTERNS.some((p) => p.test(text))) return 'handoff';
  if (isAboutAnotherService(text)) return 'out_of_scope';
  if (STATUS_PATTERNS.some((p) => p.test(text)) && !STATUS_VETO.test(text)) return 'closure.status';
  if (POLITE_START_PATTERNS.some((p) => p.test(text))) return 'closure.start';
  const request = text.replace(POLITE_TAIL, '');
  if (START_PATTERNS.some((p) => p.test(request)) && !START_VETO.test(request) && !objectsAfterwards(request)) return 'closure.start';
  // An emoji says nothing a greeting does not ("hello! 👋").
  const words = text.replace(/\p{Extended_Pictographic}|\u{FE0F}|\u{200D}/gu, '').replace(/([a-z])\1{2,}/g, '$1').trim();
  if (GREETING_PATTERNS.some((p) => p.test(words))) return 'greeting';
  return undefined;
}

/** True when the message asks to leave the current dialog. */
export function isCancel(text: string): boolean {
  return CANCEL_PATTERN.test(normalize(text));
}

function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}
