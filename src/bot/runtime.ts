import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Storage } from 'botbuilder';
import type { Config } from '../config';
import type { Deliveries } from '../channels/delivery';
import type { AgentAccounts } from '../handoff/agentAccounts';
import type { AgentSessions } from '../handoff/agentSessions';
import { createHandoffParts } from '../handoff/handoffRuntime';
import type { HandoffService } from '../handoff/handoffService';
import { loadKnowledgeBase, type KnowledgeBase } from '../knowledge/knowledgeBase';
import { KnowledgeSearch } from '../knowledge/search';
import { AnswerService } from '../knowledge/answerService';
import { ClosureNotifier } from '../notices/closureNotifier';
import { ClosurePoller } from '../notices/closurePoller';
import { ClosureWatchStore } from '../notices/closureWatchStore';
import { FilingRecorder } from '../notices/filingRecorder';
import { WALLET_WEBHOOK_PATH } from '../notices/walletWebhookRoute';
import { Recognizer } from '../nlu/recognizer';
import { replyScriptProperty } from '../nlu/replyScript';
import { createLogger, type Logger } from '../observability/logger';
import { createScaleout, type Scaleout } from '../scaleout/scaleout';
import { BotStateStorage } from '../storage/botStateStorage';
import { openDatabase, type DatabaseHandle } from '../storage/database';
import { EtagConversationState, EtagUserState } from '../storage/etagBotState';
import { FeedbackStore } from '../storage/feedbackStore';
import { StateCipher } from '../storage/stateCipher';
import { createWalletClient, type WalletClient } from '../wallet/client';
import { createSandboxWallet, SANDBOX_API_PATH, type SandboxWallet } from '../wallet/sandbox/sandboxWallet';
import type { SandboxSettings } from '../wallet/sandbox/store';
import { createClosureFlows } from '../../dialogs/closure/closureFlows';
import { VerificationStore, type StoredVerification } from '../../dialogs/closure/verificationStore';
import { HandoffDialog } from '../../dialogs/handoff/handoffDialog';
import { MainDialog, type ConversationData } from '../../dialogs/mainDialog';
import { WalletBot } from './walletBot';

/** Everything one bot instance is made of, built once and shared by every channel. */
export interface BotRuntime {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  storage: Storage;
  knowledge: KnowledgeBase;
  answers: AnswerService;
  feedback: FeedbackStore;
  wallet: WalletClient;
  /** The in-process sandbox wallet, when WALLET_API_URL does not point at a real one. */
  sandbox?: SandboxWallet;
  bot: WalletBot;
  /** Sends into a conversation outside a turn, one delivery per channel, registered as channels are mounted (the hand-off relay uses it). */
  deliveries: Deliveries;
  /** The hand-off queue and relay, and who may work it. */
  handoff: HandoffService;
  agents: AgentAccounts;
  agentSessions: AgentSessions;
  /** Proactive notices when a filed closure request changes state: the webhook's secret (when served), the notifier and the poller. */
  closureNotices: ClosureNotices;
  /** Redis (when configured) and what shares through it: the fan-out, the turn lock. */
  scaleout: Scaleout;
  /** The absolute URL this instance is reached at: PUBLIC_URL, or the bound address once listening. */
  publicUrl(): string;
  setListeningUrl(url: string): void;
  close(): Promise<void>;
}

export interface ClosureNotices {
  store: ClosureWatchStore;
  notifier: ClosureNotifier;
  poller: ClosurePoller;
  /** The secret the wallet signs the webhook with; the webhook is not served without one. */
  webhookSecret?: string;
}

export interface RuntimeOverrides {
  logger?: Logger;
  /** Replaces the configured storage (tests use an in-memory one). */
  storage?: Storage;
  /** Settings of the in-process sandbox wallet (tests use short delays). */
  sandbox?: Partial<SandboxSettings>;
  /** The clock of the sandbox wallet and the dialogs (tests advance it instead of sleeping). */
  now?: () => number;
}

/** The knowledge base and what answers from it, without storage or a bot (the ask CLI, benchmarks). */
export async function loadAnswering(config: Config): Promise<{ knowledge: KnowledgeBase; answers: AnswerService }> {
  const knowledge = await loadKnowledgeBase(config.knowledgeDir);
  const search = new KnowledgeSearch(knowledge);
  const recognizer = Recognizer.load(config.knowledgeDir, knowledge, search);
  const answers = new AnswerService(knowledge, search, recognizer, config.DEFAULT_LOCALE);
  return { knowledge, answers };
}

/** Composition root: loads the knowledge base, opens storage and builds the bot and its dialogs. */
export async function createRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<BotRuntime> {
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const now = overrides.now ?? Date.now;
  const { knowledge, answers } = await loadAnswering(config);

  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    sqliteFile: path.join(config.dataDir, 'bot.sqlite'),
    onCheckpointFailure: (reason) => logger.warn({ reason }, 'sqlite: background checkpoints stopped; the bot checkpoints on its own connection'),
  });
  const storage = overrides.storage ?? new BotStateStorage(database.db, database.sqlite);
  const feedback = new FeedbackStore(database.db);

  let listeningUrl = `http://127.0.0.1:${config.PORT}`;
  const publicUrl = () => (config.PUBLIC_URL ?? listeningUrl).replace(/\/$/, '');
  // The in-process sandbox and the bot share a secret made for this process when none is configured.
  const webhookSecret = config.WALLET_WEBHOOK_SECRET ?? (config.WALLET_API_URL ? undefined : randomBytes(32).toString('base64url'));
  const sandbox = config.WALLET_API_URL
    ? undefined
    : createSandboxWallet({
        dbFile: path.join(config.dataDir, 'sandbox-wallet.sqlite'),
        publicBaseUrl: publicUrl,
        ...(config.WALLET_API_KEY ? { apiKey: config.WALLET_API_KEY } : {}),
        logger,
        ...(webhookSecret ? { webhook: { url: () => `${listeningUrl}${WALLET_WEBHOOK_PATH}`, secret: webhookSecret } } : {}),
        ...overrides.sandbox,
        ...(overrides.now ? { now: overrides.now } : {}),
      });
  // The bound address, not PUBLIC_URL: behind a proxy the server may not reach itself through the public one.
  const wallet = createWalletClient(config, { sandboxBaseUrl: () => `${listeningUrl}${SANDBOX_API_PATH}`, logger });

  const conversationState = new EtagConversationState(storage);
  const userState = new EtagUserState(storage);
  const conversationData = conversationState.createProperty<ConversationData>('conversationData');
  const verification = new VerificationStore(
    conversationState.createProperty<StoredVerification>('walletVerification'),
    now,
    StateCipher.fromConfig(config.STATE_ENCRYPTION_KEY, config.dataDir),
  );
  const scaleout = await createScaleout(config, logger);
  const { deliveries, handoff, agents, agentSessions, gate, recorder } = await createHandoffParts(config, database, scaleout.fanout, logger, now);

  const closureWatches = new ClosureWatchStore(database.db, now);
  const notifier = new ClosureNotifier(closureWatches, deliveries, logger);
  const closureNotices: ClosureNotices = {
    store: closureWatches,
    notifier,
    poller: new ClosurePoller(closureWatches, wallet, notifier, logger, config.CLOSURE_POLL_SECONDS * 1000),
    ...(webhookSecret ? { webhookSecret } : {}),
  };
  if (!webhookSecret) logger.warn('no WALLET_WEBHOOK_SECRET: closure notices come from polling alone');
  const filings = new FilingRecorder(closureWatches, replyScriptProperty(conversationState), deliveries);

  const flows = {
    ...createClosureFlows({ answers, conversationData, wallet, knowledge, verification, now, filings }),
    handoff: new HandoffDialog({ handoff, answers, conversationData, verification, wallet }),
  };
  const mainDialog = new MainDialog({ answers, knowledge, feedback, conversationData, flows });
  const bot = new WalletBot({
    conversationState,
    userState,
    mainDialog,
    logger,
    handoff: { gate, recorder },
  });

  return {
    config,
    logger,
    database,
    storage,
    knowledge,
    answers,
    feedback,
    wallet,
    ...(sandbox ? { sandbox } : {}),
    bot,
    deliveries,
    handoff,
    agents,
    agentSessions,
    closureNotices,
    scaleout,
    publicUrl,
    setListeningUrl: (url) => {
      listeningUrl = url;
    },
    close: async () => {
      await closureNotices.poller.stop();
      await sandbox?.webhooks?.idle();
      sandbox?.close();
      await scaleout.close();
      // Transcript lines still waiting to be written together (SQLite); a failure must not keep the database open.
      await handoff.store.flush().catch((err: unknown) => logger.error({ err }, 'handoff: transcript lines lost at shutdown'));
      await database.close();
    },
  };
}
