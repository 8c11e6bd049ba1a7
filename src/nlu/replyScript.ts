import type { Activity, CardAction, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { detectScript, toTraditional, type ChineseScript } from './script';

/**
 * Replies in the script the person writes in: a message in Traditional Chinese makes this turn's
 * replies and the next ones Traditional, until a message in Simplified turns them back. Messages
 * without Chinese ("ok") and tapped buttons keep the conversation's script. Only what people read is
 * converted (text, speech, button titles and the text they show); the values buttons send back stay
 * as they are.
 */
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

function toTraditionalActivity(activity: Partial<Activity>): void {
  if (activity.text) activity.text = toTraditional(activity.text);
  if (activity.speak) activity.speak = toTraditional(activity.speak);
  for (const action of activity.suggestedActions?.actions ?? []) toTraditionalAction(action);
}

function toTraditionalAction(action: CardAction): void {
  action.title = toTraditional(action.title);
  if (typeof action.displayText === 'string') action.displayText = toTraditional(action.displayText);
  if (typeof action.text === 'string') action.text = toTraditional(action.text);
}
