import { Counter } from 'prom-client';
import { registry } from '../observability/metrics';

/** Hand-off requests by reason, channel and urgency, and what agents did with them. */
export const handoffRequests = new Counter({
  name: 'handoff_requests_total',
  help: 'Requests for a human agent by reason, channel and urgency',
  labelNames: ['reason', 'channel', 'urgent'] as const,
  registers: [registry],
});

export const handoffActions = new Counter({
  name: 'handoff_agent_actions_total',
  help: 'Agent actions on hand-off cases (claim, message, release, close)',
  labelNames: ['action'] as const,
  registers: [registry],
});
