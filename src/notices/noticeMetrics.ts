import { Counter } from 'prom-client';
import { registry } from '../observability/metrics';

/** What became of each report of a closure request's status (webhook, poll, or the retry of a failed notice), by outcome and source. */
export const closureReportsCounter = new Counter({
  name: 'bot_closure_status_reports_total',
  help: 'Reports of a filed closure request status: sent (a notice went out), not-sent (delivery failed), recorded, unchanged, not-ours',
  labelNames: ['source', 'outcome'] as const,
  registers: [registry],
});
