import type { Locale } from '../../src/knowledge/topicSchema';

/** Why a conversation goes to a person; shown to agents in the queue and counted in metrics. */
export type HandoffReason =
  | 'asked'
  | 'repeated_misses'
  | 'locked_out'
  | 'frozen'
  | 'closure_rejected'
  | 'money_at_risk'
  | 'scam'
  | 'complaint';

/** What starts the hand-off flow (`flows.handoff`); urgent cases go first in the queue. */
export interface HandoffOptions {
  locale: Locale;
  reason: HandoffReason;
  urgent?: boolean;
}
