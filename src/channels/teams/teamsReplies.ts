import { CardFactory, type Activity, type ResourceResponse, type TurnContext } from 'botbuilder';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase';
import { addCitations } from './citations';

/**
 * What Teams needs of the bot's replies, beyond the Activity every channel gets: FAQ sources as
 * citations, and outside personal chat (where Teams shows no suggested actions) the buttons on a
 * card under the message.
 */
export function teamsReplies(knowledge: KnowledgeBase) {
  return async (context: TurnContext, activities: Partial<Activity>[], next: () => Promise<ResourceResponse[]>) => {
    const personal = context.activity.conversation?.conversationType === 'personal';
    for (const activity of activities) {
      if (activity.type !== 'message') continue;
      addCitations(activity, knowledge);
      const buttons = activity.suggestedActions?.actions ?? [];
      if (!personal && buttons.length > 0) {
        activity.attachments = [...(activity.attachments ?? []), CardFactory.heroCard('', undefined, buttons)];
        delete activity.suggestedActions;
      }
    }
    return next();
  };
}
