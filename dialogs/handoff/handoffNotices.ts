import { ActionTypes, type Activity, type CardAction } from 'botbuilder';
import type { Locale } from '../../src/knowledge/topicSchema';
import { reply } from '../replies';
import type { HandoffAction } from './handoffActions';
import { ht, type HandoffStringKey } from './handoffStrings';

function actionButton(title: string, value: HandoffAction): CardAction {
  return { type: ActionTypes.MessageBack, title, text: title, displayText: title, value };
}

export function cancelButton(locale: Locale): CardAction {
  return actionButton(ht('cancelRequest', locale), { action: 'handoffCancel' });
}

/** What the person sees when an agent joins. */
export function agentJoinedNotice(agent: string, locale: Locale): Partial<Activity> {
  return reply(ht('agentJoined', locale, { agent }), locale);
}

/** Back with the bot (released) or closed, with the one-tap rating of the agent's help. */
export function handedBackNotice(caseId: string, how: 'released' | 'closed', locale: Locale): Partial<Activity> {
  const key: HandoffStringKey = how === 'released' ? 'handedBack' : 'closedByAgent';
  return reply(ht(key, locale), locale, [
    actionButton(ht('rateHelpful', locale), { action: 'handoffRating', caseId, helpful: true }),
    actionButton(ht('rateNotHelpful', locale), { action: 'handoffRating', caseId, helpful: false }),
  ]);
}
