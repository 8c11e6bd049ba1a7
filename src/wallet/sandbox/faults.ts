import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import { OPERATION_IDS, type OperationId } from '../operations';

/**
 * Fault injection for tests: the next N calls to an operation misbehave in a chosen way. Reachable
 * over HTTP only when the sandbox is created with `faultEndpoint: true`.
 *
 * - error:              500 INTERNAL before any work is done
 * - hang:               no answer for hangMs, then the call is processed anyway (a slow wallet
 *                       that commits after the client gave up)
 * - drop-after-commit:  the work is committed, then the connection is destroyed without an answer
 * - hang-after-commit:  the work is committed, the answer is held for hangMs
 * - malformed:          the work is done and a 200 that breaks the contract is sent instead
 */

export const FaultKind = z.enum(['error', 'hang', 'drop-after-commit', 'hang-after-commit', 'malformed']);
export type FaultKind = z.infer<typeof FaultKind>;

export const FaultSpec = z.object({
  operation: z.enum(OPERATION_IDS as [OperationId, ...OperationId[]]),
  kind: FaultKind,
  times: z.number().int().min(1).max(100).default(1),
  hangMs: z.number().int().min(0).max(120_000).default(30_000),
});
export type FaultSpec = z.input<typeof FaultSpec>;

interface QueuedFault {
  kind: FaultKind;
  hangMs: number;
}

export class FaultInjector {
  private readonly queues = new Map<OperationId, QueuedFault[]>();
  private readonly timers = new Set<NodeJS.Timeout>();

  inject(spec: FaultSpec): void {
    const f = FaultSpec.parse(spec);
    const queue = this.queues.get(f.operation) ?? [];
    for (let i = 0; i < f.times; i++) queue.push({ kind: f.kind, hangMs: f.hangMs });
    this.queues.set(f.operation, queue);
  }

  /** Faults still waiting to fire for an operation. */
  pending(operation: OperationId): number {
    return this.queues.get(operation)?.length ?? 0;
  }

  clear(): void {
    this.queues.clear();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Express middleware placed before the operation's handler. */
  middleware(operation: OperationId): RequestHandler {
    return (req, res, next) => {
      const fault = this.queues.get(operation)?.shift();
      if (!fault) return next();
      switch (fault.kind) {
        case 'error':
          res.status(500).json({ error: { code: 'INTERNAL', message: 'injected fault' } });
          return;
        case 'hang':
          this.later(fault.hangMs, () => next());
          return;
        case 'drop-after-commit':
          interceptAnswer(res, () => req.socket.destroy());
          return next();
        case 'hang-after-commit':
          interceptAnswer(res, (send) => this.later(fault.hangMs, () => (res.destroyed ? undefined : send())));
          return next();
        case 'malformed':
          interceptAnswer(res, () => {
            res.status(200).type('application/json').end(JSON.stringify({ malformed: true }));
          });
          return next();
      }
    };
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }
}

/** Replaces the handler's res.json with `instead`, which may still call the original send. */
function interceptAnswer(res: Response, instead: (send: () => void) => void): void {
  const original = res.json.bind(res);
  res.json = ((body: unknown) => {
    res.json = original;
    instead(() => original(body));
    return res;
  }) as Response['json'];
}
