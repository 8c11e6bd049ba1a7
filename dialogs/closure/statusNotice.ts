import type { Activity, CardAction } from 'botbuilder';
import type { Locale } from '../../src/knowledge/topicSchema';
import { toTraditionalActivity } from '../../src/nlu/replyScript';
import type { ChineseScript } from '../../src/nlu/script';
import type { ClosureStatus } from '../../src/wallet/schemas';
import { asCardOn } from '../cards/adaptiveCard';
import { statusCard } from '../cards/closureCards';
import { button, intentButton, reply } from '../replies';
import { ct } from './closureStrings';

/**
 * The states a person is told of unprompted. Waiting for the email is where they left it; a
 * cancellation is their own doing (in the bot, which said so then, or in the wallet's app).
 */
export const NOTICE_STATUSES = ['processing', 'completed', 'rejected'] as const satisfies readonly ClosureStatus[];
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export function isNoticeStatus(status: ClosureStatus): status is NoticeStatus {
  return (NOTICE_STATUSES as readonly ClosureStatus[]).includes(status);
}

/** "Check again": the status lookup, which reuses a verification still valid. */
export function checkAgainButton(locale: Locale): CardAction {
  return button(ct('checkAgainStatus', locale), { action: 'intent', intent: 'closure.status' });
}

/**
 * The message that tells the person their closure request moved on, in their language and script,
 * as a status card where the channel renders cards. A rejection offers an agent (who can say why).
 */
export function statusNotice(input: { requestId: string; status: NoticeStatus; locale: Locale; script: ChineseScript; channelId: string }): Partial<Activity> {
  const { requestId, status, locale } = input;
  const text = ct(`notice_${status}`, locale, { requestId });
  const buttons = [checkAgainButton(locale), ...(status === 'rejected' ? [intentButton('handoff', locale, 'closure_rejected')] : [])];
  const activity = asCardOn(input.channelId, reply(text, locale, buttons), (options) =>
    statusCard({ requestId, statusWord: ct(`statusWord_${status}`, locale), text, buttons, locale }, options),
  );
  if (input.script === 'traditional' && locale === 'zh-CN') toTraditionalActivity(activity);
  return activity;
}
