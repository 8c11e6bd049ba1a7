import { z } from 'zod';
import type { Fanout } from '../scaleout/fanout';
import type { HandoffEvent, HandoffService } from './handoffService';

const HANDOFF_TOPIC = 'handoff-events';
const eventSchema = z.object({ type: z.enum(['queue', 'transcript']), caseId: z.uuid() });

/**
 * Hand-off events shared by every instance, so an agent's console on one instance hears at once
 * of a request or a message that arrived on another: this instance's consoles are told directly,
 * the others through the fan-out.
 */
export function shareHandoffEvents(handoff: HandoffService, fanout: Fanout): void {
  handoff.useFanout((event: HandoffEvent) => {
    handoff.notifyLocal(event);
    fanout.publish(HANDOFF_TOPIC, event);
  });
  fanout.subscribe(HANDOFF_TOPIC, eventSchema, (event) => handoff.notifyLocal(event));
}
