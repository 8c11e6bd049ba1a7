import type { CardAction } from 'botbuilder';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import type { Locale } from '../../src/knowledge/topicSchema';
import type { Blocker, BlockerCode, Money } from '../../src/wallet/schemas';
import { intentButton, topicButtons } from '../replies';
import { ct } from './closureStrings';
import { linkedAccountName } from './walletLabels';

/**
 * Wording for the wallet's closure blockers: for each, exactly what the person has to do, with the
 * knowledge topic that explains it one tap away.
 */

/** The knowledge topic that explains how to clear each blocker. */
const BLOCKER_TOPICS: Partial<Record<BlockerCode, string>> = {
  BALANCE_NOT_ZERO: 'balance-must-be-zero',
  PENDING_TRANSACTIONS: 'pending-transactions',
  LINKED_ACCOUNTS: 'unbind-linked-accounts',
};

/** Blockers the person (or an agent) can clear, after which checking again makes sense. */
const FIXABLE: ReadonlySet<BlockerCode> = new Set(['BALANCE_NOT_ZERO', 'PENDING_TRANSACTIONS', 'LINKED_ACCOUNTS', 'ACCOUNT_LOCKED']);

export function blockerLine(blocker: Blocker, locale: Locale): string {
  switch (blocker.code) {
    case 'BALANCE_NOT_ZERO':
      return ct('blockerBalance', locale, { money: money(blocker.balance, locale) });
    case 'PENDING_TRANSACTIONS':
      return blocker.pendingTransactions === 1 ? ct('blockerPendingOne', locale) : ct('blockerPending', locale, { n: blocker.pendingTransactions });
    case 'LINKED_ACCOUNTS': {
      const list = blocker.linkedAccounts
        .map((a) => ct('linkedBankCard', locale, { name: linkedAccountName(a, locale), masked: a.masked }))
        .join(ct('listSeparator', locale));
      return ct('blockerLinked', locale, { list });
    }
    case 'ACCOUNT_LOCKED':
      return ct('blockerLocked', locale);
    case 'CLOSURE_IN_PROGRESS':
      return ct('blockerInProgress', locale, { requestId: blocker.requestId });
    case 'ACCOUNT_CLOSED':
      return ct('blockerClosed', locale);
  }
}

/** 128.50 元 / CNY 128.50: the amount exactly as the wallet gave it (a decimal string, never a float). */
function money({ amount, currency }: Money, locale: Locale): string {
  if (locale === 'zh-CN') return currency === 'CNY' ? `${amount} 元` : `${amount} ${currency}`;
  return `${currency} ${amount}`;
}

/** "This account can't be closed yet. First:" and one numbered line per blocker. */
export function blockersText(blockers: readonly Blocker[], locale: Locale): string {
  const lines = blockers.map((b, i) => `${i + 1}. ${blockerLine(b, locale)}`);
  return [ct('blockedIntro', locale), ...lines].join('\n');
}

/** The knowledge topics that explain how to clear these blockers. */
export function blockerTopics(blockers: readonly Blocker[]): string[] {
  return blockers.map((b) => BLOCKER_TOPICS[b.code]).filter((id): id is string => id !== undefined);
}

export function canCheckAgain(blockers: readonly Blocker[]): boolean {
  return blockers.some((b) => FIXABLE.has(b.code));
}

/** Buttons that help with the blockers: their knowledge topics, an agent for a frozen account, the open request's status. */
export function blockerButtons(knowledge: KnowledgeBase, blockers: readonly Blocker[], locale: Locale): CardAction[] {
  return [
    ...topicButtons(knowledge, blockerTopics(blockers), locale),
    ...(blockers.some((b) => b.code === 'ACCOUNT_LOCKED') ? [intentButton('handoff', locale, 'frozen')] : []),
    ...(blockers.some((b) => b.code === 'CLOSURE_IN_PROGRESS') ? [intentButton('closure.status', locale)] : []),
  ];
}
