import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Source } from '../../src/knowledge/answerService';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import type { Locale } from '../../src/knowledge/topicSchema';
import type { ClosureFilings } from '../../src/notices/filingRecorder';
import type { WalletClient } from '../../src/wallet/client';
import type { InterruptionDeps } from '../interruptibleDialog';
import type { VerificationStore } from './verificationStore';

/** What the closure and status flows are built from (wired in src/bot/runtime.ts). */
export interface ClosureFlowDeps extends InterruptionDeps {
  wallet: WalletClient;
  knowledge: KnowledgeBase;
  verification: VerificationStore;
  /** The clock compared with the wallet's expiry times (tests share one with the sandbox). */
  now: () => number;
  /** Told of every request filed, so its person hears when it moves on (src/notices). */
  filings?: ClosureFilings;
}

/** A knowledge topic's answer text with its source, for quoting inside a flow. */
export function topicText(knowledge: KnowledgeBase, topicId: string, locale: Locale): { text: string; sources: Source[] } | undefined {
  const topic = knowledge.get(topicId, locale);
  return topic ? { text: topic.body, sources: [{ id: topic.id, title: topic.title, score: 1 }] } : undefined;
}

/** A topic's one-line summary (e.g. closure-timing's "usually minutes to an hour"). */
export function topicSummary(knowledge: KnowledgeBase, topicId: string, locale: Locale): string | undefined {
  return knowledge.get(topicId, locale)?.summary;
}

/** "One moment": wallet calls may take seconds when the client retries. */
export async function showTyping(context: TurnContext): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.Typing });
}

/** The wallet's ISO date as YYYY-MM-DD. */
export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}
