import { ConversationState, MemoryStorage, UserState } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type Dialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { BotRuntime } from '../../src/bot/runtime';
import { WalletBot } from '../../src/bot/walletBot';
import { AnswerService, type AnswerResult } from '../../src/knowledge/answerService';
import { KnowledgeSearch } from '../../src/knowledge/search';
import type { Locale } from '../../src/knowledge/topicSchema';
import type { FollowUpContext } from '../../src/nlu/followUp';
import { Recognizer } from '../../src/nlu/recognizer';
import type { SafetySignal } from '../../src/nlu/safety';
import { createClosureFlows } from '../../dialogs/closure/closureFlows';
import { VerificationStore, type StoredVerification } from '../../dialogs/closure/verificationStore';
import type { ConversationContext } from '../../dialogs/conversationContext';
import type { HandoffOptions } from '../../dialogs/handoff/handoffOptions';
import { MainDialog, type ConversationData, type FlowIntent } from '../../dialogs/mainDialog';

/** Stands in for the hand-off flow: records the options it was started with and says so. */
export class RecordingHandoff extends ComponentDialog {
  readonly started: HandoffOptions[] = [];

  constructor() {
    super('recordingHandoff');
    this.addDialog(new WaterfallDialog('recordingHandoffSteps', [this.recordStep.bind(this)]));
    this.initialDialogId = 'recordingHandoffSteps';
  }

  /** Keeps the options and ends: the test reads them. */
  private async recordStep(step: WaterfallStepContext<HandoffOptions>) {
    this.started.push(step.options);
    await step.context.sendActivity(`[handoff ${step.options.reason}${step.options.urgent ? ' urgent' : ''}]`);
    return step.endDialog();
  }
}

/** The real answers, with the safety signal set for the messages given (until the recognizer sets it itself). */
class SafetyStubAnswers extends AnswerService {
  constructor(
    runtime: Pick<BotRuntime, 'knowledge' | 'config'>,
    defaultLocale: Locale,
    private readonly signals: ReadonlyMap<string, SafetySignal>,
  ) {
    const search = new KnowledgeSearch(runtime.knowledge);
    super(runtime.knowledge, search, Recognizer.load(runtime.config.knowledgeDir, runtime.knowledge, search), defaultLocale);
  }

  override answer(text: string, options: { locale?: Locale; fallbackLocale?: Locale; context?: FollowUpContext } = {}): AnswerResult {
    const result = super.answer(text, options);
    const safety = this.signals.get(text);
    return safety ? { ...result, safety } : result;
  }
}

export interface FlowTestBot {
  bot: WalletBot;
  /** The flows the main dialog runs, the recording hand-off among them. */
  flows: Partial<Record<FlowIntent, Dialog>>;
  handoff: RecordingHandoff;
  /** The conversation context stored for a conversation of the test channel. */
  contextOf(conversationId: string): Promise<ConversationContext | undefined>;
}

/**
 * The real main dialog and closure flows over a runtime's wallet and knowledge, with a recording
 * hand-off flow and in-memory state, so a test can see which hand-off a conversation asked for.
 */
export function createFlowTestBot(runtime: BotRuntime, signals: ReadonlyMap<string, SafetySignal> = new Map()): FlowTestBot {
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const conversationData = conversationState.createProperty<ConversationData>('conversationData');
  const verification = new VerificationStore(conversationState.createProperty<StoredVerification>('walletVerification'), Date.now);
  const answers = new SafetyStubAnswers(runtime, runtime.answers.defaultLocale, signals);
  const handoff = new RecordingHandoff();
  const flows: Partial<Record<FlowIntent, Dialog>> = { ...createClosureFlows({ answers, conversationData, wallet: runtime.wallet, knowledge: runtime.knowledge, verification, now: Date.now }), handoff };
  const mainDialog = new MainDialog({ answers, knowledge: runtime.knowledge, feedback: runtime.feedback, conversationData, flows });
  const bot = new WalletBot({ conversationState, userState: new UserState(storage), mainDialog, logger: runtime.logger });
  return {
    bot,
    flows,
    handoff,
    contextOf: async (conversationId) => {
      // ConversationState's key (its channel, then the conversation, with a trailing slash).
      const key = `test/conversations/${conversationId}/`;
      const stored = (await storage.read([key]))[key] as { conversationData?: ConversationData } | undefined;
      return stored?.conversationData?.context;
    },
  };
}
