import type { ConversationReference } from 'botbuilder';
import type { Locale } from '../knowledge/topicSchema';
import type { HandoffReason } from '../../dialogs/handoff/handoffOptions';

export type CaseStatus = 'waiting' | 'claimed' | 'released' | 'closed' | 'cancelled';
export const OPEN_STATUSES: readonly CaseStatus[] = ['waiting', 'claimed'];

/** What the bot prepared for the agent from the state the dialogs keep. */
export interface HandoffSummary {
  language: Locale;
  reason: HandoffReason;
  urgent: boolean;
  /** Intents the person's messages were recognized as, in the order first seen. */
  intentsSeen: string[];
  /** Knowledge topics the bot answered with. */
  topicsAnswered: string[];
  verified: boolean;
  /** The wallet account id, masked; only when verified. */
  accountId?: string;
  /** Messages in a row the bot could not help with when the hand-off started. */
  missesInARow: number;
  /** The account's newest closure request, as the wallet reported it (verified people only). */
  closureRequest?: { requestId: string; status: string };
  /** What stops the account from closing now, as the wallet reported it (verified people only). */
  blockers?: string[];
}

export interface HandoffCase {
  id: string;
  conversationKey: string;
  channel: string;
  reference: Partial<ConversationReference>;
  locale: Locale;
  reason: HandoffReason;
  urgent: boolean;
  status: CaseStatus;
  claimedBy: string | null;
  outsideHours: boolean;
  summary: HandoffSummary;
  note: string | null;
  waitingSince: string;
}

export interface TranscriptLine {
  sender: 'user' | 'bot' | 'agent';
  agent?: string;
  text: string;
  at: string;
}

/** The key of a conversation across channels. */
export function conversationKey(reference: Partial<ConversationReference>): string {
  return `${reference.channelId ?? ''}/${reference.conversation?.id ?? ''}`;
}
