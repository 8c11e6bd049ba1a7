import type { Activity } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { AnswerResult } from '../src/knowledge/answerService';
import type { KnowledgeBase } from '../src/knowledge/knowledgeBase';
import { button, intentButton, reply, topicButtons } from './replies';
import { t } from './strings';

export const FAQ_DIALOG = 'faqDialog';
const FAQ_WATERFALL = 'faqWaterfall';

export interface FaqDialogOptions {
  result: AnswerResult;
  /** What the person asked (picks the part of a repeated topic that answers it). */
  question?: string;
  /** The topic answered last: asked again, the answer is said in other words, never repeated. */
  previousTopic?: string;
}

/**
 * The answer's text. The same topic as the previous answer is not said again word for word: the
 * line of it that shares most words with the question ("what if I have a loan?" -> the loans line),
 * else its one-line summary, named.
 */
export function answerText(result: AnswerResult, previousTopic: string | undefined, question = ''): string {
  const { topic } = result;
  if (!topic || topic.id !== previousTopic) return result.answer ?? '';
  const line = lineAbout(topic.body, question) ?? topic.summary;
  return t('sameTopicLead', result.locale, { title: topic.title, summary: line });
}

/** Words too common to tell one line of an answer from another. */
const COMMON = new Set(['the', 'and', 'what', 'have', 'has', 'does', 'that', 'this', 'with', 'for', 'you', 'your', 'can', 'how', 'about', 'will', 'would', 'should', 'there', 'where', 'when', 'then', 'also', 'too', 'are', 'was', 'but', 'not', 'any', 'its', 'account', 'wallet', 'close', 'closing', 'closed']);
const HAN_FUNCTION = /[吗呢吧了的也要是还那这么啥呀啊嘛和与就都在有我你他它们个]/;

/** Content words (English) and two-character runs (Chinese), crudely singular. */
function contentTerms(text: string): Set<string> {
  const lower = text.normalize('NFKC').toLowerCase();
  const words = (lower.match(/[a-z]{3,}/g) ?? []).filter((w) => !COMMON.has(w)).map((w) => w.replace(/s$/, ''));
  const han = (lower.match(/\p{Script=Han}+/gu) ?? []).flatMap((run) => [...run].slice(1).map((c, i) => run[i] + c)).filter((pair) => !HAN_FUNCTION.test(pair));
  return new Set([...words, ...han]);
}

/** The line (or bullet) of an answer that shares most content terms with the question, if any does. */
function lineAbout(body: string, question: string): string | undefined {
  const asked = contentTerms(question);
  if (asked.size === 0) return undefined;
  let best: { line: string; shared: number } | undefined;
  for (const raw of body.split('\n')) {
    const line = raw.replace(/^\s*(?:[-*]|\d+\.)\s*/, '').trim();
    if (!line) continue;
    const shared = [...contentTerms(line)].filter((term) => asked.has(term)).length;
    if (shared > 0 && (!best || shared > best.shared)) best = { line, shared };
  }
  return best?.line;
}

/** Answers one knowledge question: the answer, related topics, the topic's action, and a feedback ask. */
export class FaqDialog extends ComponentDialog {
  constructor(private readonly knowledge: KnowledgeBase) {
    super(FAQ_DIALOG);
    this.addDialog(new WaterfallDialog(FAQ_WATERFALL, [this.answerStep.bind(this)]));
    this.initialDialogId = FAQ_WATERFALL;
  }

  /** Sends the answer with its sources; detail on neighbouring topics is one tap away. */
  private async answerStep(step: WaterfallStepContext<FaqDialogOptions>): Promise<DialogTurnResult> {
    const answer = faqReply(this.knowledge, step.options);
    if (!answer) return step.endDialog();
    await step.context.sendActivity(answer.activity);
    return step.endDialog({ answeredTopic: answer.topicId });
  }
}

/**
 * The reply to one knowledge question: the answer, related topics, the topic's action, a feedback
 * ask, and its sources. Undefined when the result holds no answer. The FAQ dialog sends it, and so
 * does the main dialog's direct answer when no flow runs.
 */
export function faqReply(knowledge: KnowledgeBase, options: FaqDialogOptions): { activity: Partial<Activity>; topicId: string } | undefined {
  const { result, previousTopic, question } = options;
  const topic = result.topic;
  if (!topic || result.answer === undefined) return undefined;
  const actions = [
    ...(topic.action ? [intentButton(topic.action, result.locale)] : []),
    ...topicButtons(knowledge, topic.related, result.locale),
    button(t('helpful', result.locale), { action: 'feedback', topicId: topic.id, helpful: true }),
    button(t('notHelpful', result.locale), { action: 'feedback', topicId: topic.id, helpful: false }),
  ];
  return { activity: reply(answerText(result, previousTopic, question), result.locale, actions, result.sources), topicId: topic.id };
}
