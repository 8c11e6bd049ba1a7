import { CardFactory, type Activity, type CardAction, type ConversationState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { detectScript, toTraditional, type ChineseScript } from './script';

/**
 * Replies in the script the person writes in: a message in Traditional Chinese makes this turn's
 * replies and the next ones Traditional, until a message in Simplified turns them back. Messages
 * without Chinese ("ok") and tapped buttons keep the conversation's script. Only what people read is
 * converted (text, speech, button titles and the text they show); the values buttons send back stay
 * as they are.
 */
/** The conversation's script, kept in conversation state (the bot, and the filing that records it for later notices). */
export function replyScriptProperty(conversationState: ConversationState): StatePropertyAccessor<ChineseScript> {
  return conversationState.createProperty<ChineseScript>('ReplyScript');
}

export async function replyInPersonsScript(context: TurnContext, scriptState: StatePropertyAccessor<ChineseScript>): Promise<void> {
  // A tapped button (it carries a value) repeats the bot's words, not the person's script.
  const typed = context.activity.type === 'message' && context.activity.value === undefined;
  const written = typed ? detectScript(context.activity.text ?? '') : undefined;
  if (written) await scriptState.set(context, written);
  const script = written ?? (await scriptState.get(context));
  if (script !== 'traditional') return;
  context.onSendActivities(async (_context, activities, next) => {
    for (const activity of activities) toTraditionalActivity(activity);
    return next();
  });
}

/** An activity as the person reads it in Traditional: its text, buttons and Adaptive Cards. */
export function toTraditionalActivity(activity: Partial<Activity>): void {
  if (activity.text) activity.text = toTraditional(activity.text);
  if (activity.speak) activity.speak = toTraditional(activity.speak);
  if (activity.summary) activity.summary = toTraditional(activity.summary);
  for (const action of activity.suggestedActions?.actions ?? []) toTraditionalAction(action);
  for (const attachment of activity.attachments ?? []) {
    if (attachment.contentType === CardFactory.contentTypes.adaptiveCard) toTraditionalCardPart(attachment.content);
  }
}

/** What a card shows (text blocks, facts, action titles), never the values its actions send back. */
function toTraditionalCardPart(part: unknown): void {
  if (Array.isArray(part)) {
    for (const item of part) toTraditionalCardPart(item);
    return;
  }
  if (!part || typeof part !== 'object') return;
  const record = part as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'data') continue;
    if (typeof value === 'string' && (key === 'text' || key === 'title')) record[key] = toTraditional(value);
    else if (key === 'facts' && Array.isArray(value)) value.forEach(toTraditionalFact);
    else if (typeof value === 'object') toTraditionalCardPart(value);
  }
}

function toTraditionalFact(fact: { title?: unknown; value?: unknown }): void {
  if (typeof fact.title === 'string') fact.title = toTraditional(fact.title);
  if (typeof fact.value === 'string') fact.value = toTraditional(fact.value);
}

function toTraditionalAction(action: CardAction): void {
  action.title = toTraditional(action.title);
  if (typeof action.displayText === 'string') action.displayText = toTraditional(action.displayText);
  if (typeof action.text === 'string') action.text = toTraditional(action.text);
}
