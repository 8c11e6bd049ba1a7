import type { AnswerService } from '../knowledge/answerService';
import type { WalletClient, WalletSession } from '../wallet/client';
import type { HandoffOptions } from '../../dialogs/handoff/handoffOptions';
import type { HandoffSummary, TranscriptLine } from './handoffTypes';

/** The state the dialogs keep that the summary reads (never asks them for more). */
export interface SummaryState {
  /** conversationData.misses of the main dialog. */
  misses?: number;
  /** The stored wallet verification, when still valid. */
  verifiedAccountId?: string;
}

/** Recent user lines looked at for intents; older ones rarely matter to the agent. */
const LINES_FOR_INTENTS = 30;

/** `****1234`: enough for the agent to match it with the wallet's back office, no more. */
export function maskAccountId(accountId: string): string {
  return accountId.length <= 4 ? '****' : `****${accountId.slice(-4)}`;
}

/**
 * What the agent sees first: language, why handed off, what the person asked about (their
 * messages run through the same recognizer, without side effects), verified or not.
 */
export function buildSummary(options: HandoffOptions, state: SummaryState, transcript: TranscriptLine[], answers: AnswerService): HandoffSummary {
  const intents: string[] = [];
  const topics: string[] = [];
  const add = (list: string[], value: string) => {
    if (!list.includes(value)) list.push(value);
  };
  for (const line of transcript.filter((l) => l.sender === 'user').slice(-LINES_FOR_INTENTS)) {
    const result = answers.answer(line.text, { fallbackLocale: options.locale });
    add(intents, result.intent);
    if (result.intent === 'faq' && result.sources[0]) add(topics, result.sources[0].id);
  }
  return {
    language: options.locale,
    reason: options.reason,
    urgent: options.urgent ?? false,
    intentsSeen: intents,
    topicsAnswered: topics,
    verified: state.verifiedAccountId !== undefined,
    ...(state.verifiedAccountId ? { accountId: maskAccountId(state.verifiedAccountId) } : {}),
    missesInARow: state.misses ?? 0,
  };
}

/** How long the hand-off waits for the wallet's view of the account before going on without it. */
const WALLET_FACTS_MS = 1500;

/**
 * The wallet's view of a verified person's account: the newest closure request and its status, and
 * the blockers to closing now. Best effort: a slow or failing wallet leaves them out of the summary.
 */
export async function walletFacts(wallet: Pick<WalletClient, 'getLatestClosureRequest' | 'getClosureEligibility'>, session: WalletSession): Promise<Pick<HandoffSummary, 'closureRequest' | 'blockers'>> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), WALLET_FACTS_MS);
  });
  const [latest, eligibility] = await Promise.all([
    Promise.race([wallet.getLatestClosureRequest(session).catch(() => undefined), deadline]),
    Promise.race([wallet.getClosureEligibility(session).catch(() => undefined), deadline]),
  ]);
  clearTimeout(timer);
  return {
    ...(latest ? { closureRequest: { requestId: latest.requestId, status: latest.status } } : {}),
    ...(eligibility ? { blockers: eligibility.blockers.map((b) => b.code) } : {}),
  };
}
