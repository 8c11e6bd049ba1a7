import { ActionTypes, MessageFactory, type Activity, type CardAction } from 'botbuilder';
import type { Source } from '../src/knowledge/answerService';
import type { KnowledgeBase } from '../src/knowledge/knowledgeBase';
import type { Locale } from '../src/knowledge/topicSchema';
import type { ActionValue } from './actionValues';
import type { HandoffReason } from './handoff/handoffOptions';
import { t } from './strings';
import { SENSITIVE_INPUT_FLAG } from '../src/channels/directline/sensitiveInput';

/** A messageBack button: the person sees `title` as their message, the bot receives `value`. */
export function button(title: string, value: ActionValue): CardAction {
  return { type: ActionTypes.MessageBack, title, text: title, displayText: title, value };
}

/** A button that answers a knowledge topic in the given language. */
export function topicButton(knowledge: KnowledgeBase, topicId: string, locale: Locale): CardAction | undefined {
  const topic = knowledge.get(topicId, locale);
  return topic ? button(topic.title, { action: 'topic', topicId }) : undefined;
}

export function topicButtons(knowledge: KnowledgeBase, topicIds: readonly string[], locale: Locale): CardAction[] {
  return topicIds.map((id) => topicButton(knowledge, id, locale)).filter((b): b is CardAction => b !== undefined);
}

/** A button that starts a flow; a hand-off button says why it is offered (the agent's queue shows it). */
export function intentButton(intent: 'closure.start' | 'closure.status' | 'handoff', locale: Locale, reason?: HandoffReason): CardAction {
  const label = intent === 'closure.start' ? 'startClosure' : intent === 'closure.status' ? 'checkStatus' : 'talkToHuman';
  return button(t(label, locale), { action: 'intent', intent, ...(intent === 'handoff' && reason ? { reason } : {}) });
}

/** A text reply with buttons, in the person's language, optionally citing its knowledge sources. */
export function reply(text: string, locale: Locale, actions: CardAction[] = [], sources?: Source[]): Partial<Activity> {
  const activity = actions.length > 0 ? MessageFactory.suggestedActions(actions, text) : MessageFactory.text(text);
  activity.locale = locale;
  activity.textFormat = 'markdown';
  if (sources) activity.channelData = { sources };
  return activity;
}

/**
 * Marks a reply whose answer must not be kept (a verification code, a phone number): channels that
 * keep transcripts (Direct Line) store and echo the person's next message masked; the bot still
 * receives it.
 */
export function asksForSecret(activity: Partial<Activity>): Partial<Activity> {
  activity.channelData = { ...(activity.channelData as object | undefined), [SENSITIVE_INPUT_FLAG]: true };
  return activity;
}
