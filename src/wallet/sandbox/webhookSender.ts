import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type * as s from '../schemas';
import { WEBHOOK_SIGNATURE_HEADER } from '../schemas';
import { signWebhook } from '../webhookSignature';
import type { StatusChange } from './store';

export interface WebhookTarget {
  /** Where to POST (the bot's /api/wallet/webhook); a function is read per event. */
  url: string | (() => string);
  /** The shared secret the body is signed with. */
  secret: string;
}

/** Per delivery, so a bot that hangs never holds the sandbox. */
const DELIVERY_TIMEOUT_MS = 5000;

/**
 * Tells the bot of closure state changes: one signed POST per change, as a real wallet's webhook
 * would. A delivery that fails is logged and not retried; the bot's poller catches it. Signed with
 * the real clock, not the sandbox's (tests move that one): the signature's freshness is real time.
 */
export class WebhookSender {
  private paused = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly target: WebhookTarget,
    private readonly logger: Logger,
  ) {}

  /** Changes while paused are never sent: for a bot with no server to receive them, and tests of lost deliveries. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  send(change: StatusChange): void {
    if (this.paused) return;
    const event: s.ClosureStatusEvent = {
      type: 'closure_request.status_changed',
      eventId: randomUUID(),
      requestId: change.requestId,
      status: change.status,
      previousStatus: change.previousStatus,
      occurredAt: new Date(change.at).toISOString(),
    };
    const delivery = this.deliver(event).finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  /** Resolves once every delivery under way has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(event: s.ClosureStatusEvent): Promise<void> {
    const body = JSON.stringify(event);
    const url = typeof this.target.url === 'function' ? this.target.url() : this.target.url;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: signWebhook(this.target.secret, body) },
        body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await res.body?.cancel();
      if (!res.ok) this.logger.warn({ requestId: event.requestId, status: res.status }, 'webhook refused');
    } catch (err) {
      this.logger.warn({ requestId: event.requestId, reason: err instanceof Error ? err.message : String(err) }, 'webhook not delivered');
    }
  }
}
