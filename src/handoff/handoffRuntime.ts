import { Deliveries } from '../channels/delivery';
import type { Config } from '../config';
import type { Logger } from '../observability/logger';
import type { DatabaseHandle } from '../storage/database';
import type { Fanout } from '../scaleout/fanout';
import { AgentAccounts } from './agentAccounts';
import { AgentSessions } from './agentSessions';
import { shareHandoffEvents } from './eventFanout';
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
}

/** The hand-off's parts for one runtime: queue and relay, agents and their sessions, its events shared through the fan-out. */
export async function createHandoffParts(config: Config, database: DatabaseHandle, fanout: Fanout, logger: Logger, now: () => number): Promise<HandoffParts> {
  const deliveries = new Deliveries();
  const store = new HandoffStore(database.db, now, database.sqlite, (err) =>
    logger.error({ err }, 'handoff: transcript lines not written yet (tried again with the next ones)'),
  );
  const handoff = new HandoffService(store, deliveries, DutyHours.parse(config.HANDOFF_HOURS, config.HANDOFF_TIMEZONE), logger, now);

  shareHandoffEvents(handoff, fanout);

  const agents = await AgentAccounts.load(config.AGENT_ACCOUNTS, config.NODE_ENV === 'production');
  if (agents.usernames.length === 0) logger.warn('no AGENT_ACCOUNTS: nobody can sign in to the agent console');
  else if (!config.AGENT_ACCOUNTS) logger.warn('agent console: development account demo/demo (set AGENT_ACCOUNTS for real agents)');

  return {
    deliveries,
    handoff,
    agents,
    agentSessions: new AgentSessions(database.db, config.AGENT_SESSION_MINUTES * 60_000, now),
    gate: new HandoffGate(handoff),
    recorder: new TranscriptRecorder(handoff),
  };
}
