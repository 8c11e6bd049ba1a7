import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { AnswerResult } from '../src/knowledge/answerService';
import type { KnowledgeBase } from '../src/knowledge/knowledgeBase';
import { button, intentButton, reply, topicButtons } from './replies';
import { t } from './strings';

export const FAQ_DIALOG = 'faqDialog';
const FAQ_WATERFALL = 'faqWaterfall';

export interface FaqDialogOptions {
  result: AnswerResult;
  /** The topic answered last: asked again, the answer is said in other words, never repeated. */
  previousTopic?: string;
}

/** The answer's text; the same topic as the previous answer gets its one-line summary, named, instead of the same text again. */
export function answerText(result: AnswerResult, previousTopic: string | undefined): string {
  const { topic } = result;
  if (!topic || topic.id !== previousTopic) return result.answer ?? '';
  return t('sameTopicLead', result.locale, { title: topic.title, summary: topic.summary });
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
    const { result, previousTopic } = step.options;
    const topic = result.topic;
    if (!topic || result.answer === undefined) return step.endDialog();
    const actions = [
      ...(topic.action ? [intentButton(topic.action, result.locale)] : []),
      ...topicButtons(this.knowledge, topic.related, result.locale),
      button(t('helpful', result.locale), { action: 'feedback', topicId: topic.id, helpful: true }),
      button(t('notHelpful', result.locale), { action: 'feedback', topicId: topic.id, helpful: false }),
    ];
    await step.context.sendActivity(reply(answerText(result, previousTopic), result.locale, actions, result.sources));
    return step.endDialog({ answeredTopic: topic.id });
  }
}
