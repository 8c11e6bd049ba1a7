import { createHash } from 'node:crypto';
import path from 'node:path';
import { Deliveries } from '../channels/delivery';
import type { Config } from '../config';
import type { Logger } from '../observability/logger';
import type { Database } from '../storage/database';
import { AgentAccounts } from './agentAccounts';
import { AgentSessions } from './agentSessions';
import { RedisEventFanout } from './eventFanout';
import { HandoffGate } from './handoffGate';
import { HandoffService } from './handoffService';
import { HandoffStore } from './handoffStore';
import { DutyHours } from './hours';
import { TranscriptRecorder } from './transcriptRecorder';

export interface HandoffParts {
  deliveries: Deliveries;
  handoff: HandoffService;
  agents: AgentAccounts;
  agentSessions: AgentSessions;
  gate: HandoffGate;
  recorder: TranscriptRecorder;
  close(): Promise<void>;
}

/** The hand-off's parts for one runtime: queue and relay, agents and their sessions, the event fan-out. */
export async function createHandoffParts(config: Config, db: Database, logger: Logger, now: () => number): Promise<HandoffParts> {
  const deliveries = new Deliveries();
  const handoff = new HandoffService(new HandoffStore(db, now), deliveries, DutyHours.parse(config.HANDOFF_HOURS, config.HANDOFF_TIMEZONE), logger, now);

  // Instances that share a database share the queue, so they share its events: the channel is named after the database.
  const databaseName = config.DATABASE_URL ? `${config.DATABASE_URL}#${config.DATABASE_SCHEMA ?? ''}` : path.join(config.dataDir, 'bot.sqlite');
  const fanout = config.REDIS_URL
    ? await RedisEventFanout.connect(
        config.REDIS_URL,
        `wallet-bot:handoff-events:${createHash('sha256').update(databaseName).digest('hex').slice(0, 16)}`,
        logger,
        (event) => handoff.notifyLocal(event),
      )
    : undefined;
  if (fanout) handoff.useFanout((event) => fanout.publish(event));

  const agents = await AgentAccounts.load(config.AGENT_ACCOUNTS, config.NODE_ENV === 'production');
  if (agents.usernames.length === 0) logger.warn('no AGENT_ACCOUNTS: nobody can sign in to the agent console');
  else if (!config.AGENT_ACCOUNTS) logger.warn('agent console: development account demo/demo (set AGENT_ACCOUNTS for real agents)');

  return {
    deliveries,
    handoff,
    agents,
    agentSessions: new AgentSessions(db, config.AGENT_SESSION_MINUTES * 60_000, now),
    gate: new HandoffGate(handoff),
    recorder: new TranscriptRecorder(handoff),
    close: async () => {
      await fanout?.close();
    },
  };
}
