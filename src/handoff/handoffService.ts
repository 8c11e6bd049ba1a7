import { EventEmitter } from 'node:events';
import { ActivityTypes, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { Deliveries } from '../channels/delivery';
import type { Logger } from '../observability/logger';
import { redactText } from '../observability/redact';
import type { HandoffOptions } from '../../dialogs/handoff/handoffOptions';
import { agentJoinedNotice, handedBackNotice } from '../../dialogs/handoff/handoffNotices';
import type { DutyHours } from './hours';
import { handoffActions, handoffRequests } from './handoffMetrics';
import type { HandoffStore } from './handoffStore';
import { conversationKey, type HandoffCase, type HandoffSummary, type TranscriptLine } from './handoffTypes';

/** What the console hears about: a case changed, or a conversation with an open case got a line. */
export interface HandoffEvent {
  type: 'queue' | 'transcript';
  caseId: string;
}

export class HandoffConflict extends Error {
  constructor(
    message: string,
    readonly status: 404 | 409 | 502,
  ) {
    super(message);
  }
}

export interface HandoffRequest {
  handoffCase: HandoffCase;
  /** Place in the queue, 1 for the next to be taken. */
  position: number;
  onDuty: boolean;
  /** True when the conversation already had an open case. */
  existing: boolean;
  /** True when this request made an open case urgent. */
  escalated: boolean;
}

/**
 * The queue and the relay: people ask for a person, agents claim, talk and hand back. Everything
 * the person receives from an agent goes through `Deliveries`, so it reaches them on their channel.
 */
export class HandoffService {
  /** What this instance's consoles listen to. */
  readonly events = new EventEmitter<{ event: [HandoffEvent] }>();
  /** Where an event goes: this instance's listeners, and (with a fan-out) every other instance's. */
  private publish: (event: HandoffEvent) => void = (event) => this.notifyLocal(event);
  /** Queue events (a case created or changed, here or on an instance sharing the fan-out) heard so far. */
  private queueEvents = 0;

  constructor(
    readonly store: HandoffStore,
    private readonly deliveries: Deliveries,
    readonly hours: DutyHours,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {
    this.events.setMaxListeners(0);
  }

  /** Puts the conversation in the queue, or returns its open case (made urgent if this request is). */
  async request(reference: Partial<ConversationReference>, options: HandoffOptions, summary: HandoffSummary): Promise<HandoffRequest> {
    const key = conversationKey(reference);
    const onDuty = this.hours.onDuty(this.now());
    const open = await this.store.openFor(key);
    if (open) return this.requestAgain(open, options, onDuty);
    const created = await this.store.create({
      conversationKey: key,
      channel: reference.channelId ?? 'unknown',
      reference,
      locale: options.locale,
      reason: options.reason,
      urgent: options.urgent ?? false,
      outsideHours: !onDuty,
      summary,
    });
    if (!created) {
      // Another request of the same conversation created it a moment ago.
      const raced = await this.store.openFor(key);
      if (raced) return this.requestAgain(raced, options, onDuty);
      throw new Error('handoff: the case could neither be created nor found');
    }
    handoffRequests.inc({ reason: created.reason, channel: created.channel, urgent: String(created.urgent) });
    this.emit({ type: 'queue', caseId: created.id });
    return { handoffCase: created, position: await this.position(created), onDuty, existing: false, escalated: false };
  }

  /** A conversation already in the queue asks again: same place, made urgent if this request is. */
  private async requestAgain(open: HandoffCase, options: HandoffOptions, onDuty: boolean): Promise<HandoffRequest> {
    const escalated = options.urgent === true && !open.urgent;
    if (escalated) {
      await this.store.makeUrgent(open.id, options.reason);
      this.emit({ type: 'queue', caseId: open.id });
    }
    const current = (await this.store.get(open.id)) ?? open;
    return { handoffCase: current, position: await this.position(current), onDuty, existing: true, escalated };
  }

  /** 1-based place among the waiting cases. */
  async position(handoffCase: HandoffCase): Promise<number> {
    const waiting = (await this.store.queue()).filter((c) => c.status === 'waiting');
    const index = waiting.findIndex((c) => c.id === handoffCase.id);
    return index < 0 ? waiting.length + 1 : index + 1;
  }

  openFor(reference: Partial<ConversationReference>): Promise<HandoffCase | undefined> {
    return this.store.openFor(conversationKey(reference));
  }

  /**
   * The open case of the turn's conversation, looked up once a turn (the transcript and the gate
   * both ask), and again only if a case changed meanwhile.
   */
  async openForTurn(context: TurnContext): Promise<HandoffCase | undefined> {
    const known = context.turnState.get(TURN_CASE) as TurnCase | undefined;
    if (known && known.changes === this.queueEvents) return known.open;
    const changes = this.queueEvents;
    const open = await this.openFor(TurnContext.getConversationReference(context.activity));
    context.turnState.set(TURN_CASE, { open, changes } satisfies TurnCase);
    return open;
  }

  /** The person withdraws a request still waiting; returns whether there was one. */
  async cancel(reference: Partial<ConversationReference>): Promise<boolean> {
    const open = await this.openFor(reference);
    if (!open || open.status !== 'waiting') return false;
    const done = await this.store.transition(open.id, ['waiting'], 'cancelled');
    if (done) this.emit({ type: 'queue', caseId: open.id });
    return done;
  }

  async claim(caseId: string, agent: string): Promise<HandoffCase> {
    const before = await this.mustGet(caseId);
    if (!(await this.store.transition(caseId, ['waiting'], 'claimed', { claimedBy: agent }))) {
      const current = await this.mustGet(caseId);
      throw new HandoffConflict(
        current.status === 'claimed' ? `Already claimed by ${current.claimedBy ?? 'another agent'}.` : `The case is ${current.status}.`,
        409,
      );
    }
    await this.recordAction(caseId, agent, 'claim');
    this.emit({ type: 'queue', caseId });
    await this.deliver(before, [agentJoinedNotice(agent, before.locale)], { sender: 'bot' });
    return this.mustGet(caseId);
  }

  /** The holding agent's message to the person, on the person's channel. */
  async agentMessage(caseId: string, agent: string, text: string): Promise<void> {
    const held = await this.heldBy(caseId, agent);
    await this.recordAction(caseId, agent, 'message');
    await this.deliver(held, [{ type: ActivityTypes.Message, text, textFormat: 'markdown', locale: held.locale, channelData: { handoff: { agent } } }], {
      sender: 'agent',
      agent,
    });
  }

  /** The bot's typing indicator on the person's side while the agent types. */
  async agentTyping(caseId: string, agent: string): Promise<void> {
    const held = await this.heldBy(caseId, agent);
    await this.deliveries.send(held.reference, [{ type: ActivityTypes.Typing }]);
  }

  /** Back to the bot; the person is told and may rate the help. */
  async release(caseId: string, agent: string): Promise<void> {
    const held = await this.heldBy(caseId, agent);
    if (!(await this.store.transition(caseId, ['claimed'], 'released', { requireClaimedBy: agent }))) {
      throw new HandoffConflict('The case is no longer yours.', 409);
    }
    await this.recordAction(caseId, agent, 'release');
    this.emit({ type: 'queue', caseId });
    await this.deliver(held, [handedBackNotice(caseId, 'released', held.locale)], { sender: 'bot' });
  }

  /** Closes the case with the agent's note; a waiting case may be closed without claiming it. */
  async close(caseId: string, agent: string, note: string): Promise<void> {
    const current = await this.mustGet(caseId);
    const done =
      current.status === 'waiting'
        ? await this.store.transition(caseId, ['waiting'], 'closed', { claimedBy: agent, note })
        : await this.store.transition(caseId, ['claimed'], 'closed', { note, requireClaimedBy: agent });
    if (!done) throw new HandoffConflict(current.status === 'claimed' ? `Held by ${current.claimedBy ?? 'another agent'}.` : `The case is ${current.status}.`, 409);
    await this.recordAction(caseId, agent, 'close');
    this.emit({ type: 'queue', caseId });
    if (current.status === 'claimed') await this.deliver(current, [handedBackNotice(caseId, 'closed', current.locale)], { sender: 'bot' });
  }

  /** The person's one tap after hand-back, kept for the agent who helped. */
  async rate(caseId: string, helpful: boolean): Promise<boolean> {
    const handoffCase = await this.store.get(caseId);
    if (!handoffCase?.claimedBy || (handoffCase.status !== 'released' && handoffCase.status !== 'closed')) return false;
    return this.store.rate(caseId, handoffCase.claimedBy, helpful);
  }

  /** Keeps a transcript line, masked; the console hears of it when the conversation has an open case. */
  async record(key: string, line: TranscriptLine): Promise<void> {
    await this.recordLines(key, [line], await this.store.openFor(key));
  }

  /**
   * Keeps lines of one conversation, masked, in one statement; the console of `open`, the
   * conversation's open case (the caller looked it up), hears of them once.
   */
  async recordLines(key: string, lines: readonly TranscriptLine[], open: HandoffCase | undefined): Promise<void> {
    if (lines.length === 0) return;
    await this.store.appendLines(
      key,
      lines.map((line) => ({ ...line, text: redactText(asciiDigits(line.text)) })),
    );
    if (open) this.emit({ type: 'transcript', caseId: open.id });
  }

  /**
   * Sends to the person and keeps the lines. A notice that fails (the state change already holds)
   * is logged; an agent's own message that fails is the agent's to know: 502.
   */
  private async deliver(
    handoffCase: HandoffCase,
    activities: Partial<Activity>[],
    line: Omit<TranscriptLine, 'text' | 'at'>,
  ): Promise<void> {
    try {
      await this.deliveries.send(handoffCase.reference, activities);
    } catch (err) {
      this.logger.error({ err, caseId: handoffCase.id, channel: handoffCase.channel }, 'handoff: delivery failed');
      if (line.sender === 'agent') throw new HandoffConflict(`The message could not be delivered on ${handoffCase.channel}.`, 502);
      return;
    }
    for (const activity of activities) {
      if (activity.text) await this.record(handoffCase.conversationKey, { ...line, text: activity.text, at: new Date(this.now()).toISOString() });
    }
  }

  /** Who did what, kept with the case and counted. */
  private async recordAction(caseId: string, agent: string, action: 'claim' | 'message' | 'release' | 'close'): Promise<void> {
    await this.store.recordAction(caseId, agent, action);
    handoffActions.inc({ action });
  }

  private async heldBy(caseId: string, agent: string): Promise<HandoffCase> {
    const handoffCase = await this.mustGet(caseId);
    if (handoffCase.status !== 'claimed' || handoffCase.claimedBy !== agent) {
      throw new HandoffConflict(
        handoffCase.status === 'claimed' ? `Held by ${handoffCase.claimedBy ?? 'another agent'}; claim it first.` : `The case is ${handoffCase.status}; claim it first.`,
        409,
      );
    }
    return handoffCase;
  }

  private async mustGet(caseId: string): Promise<HandoffCase> {
    const handoffCase = await this.store.get(caseId);
    if (!handoffCase) throw new HandoffConflict('No such conversation.', 404);
    return handoffCase;
  }

  /** Sends events through a fan-out shared by every instance; it calls `notifyLocal` for this instance's and for those it receives. */
  useFanout(publish: (event: HandoffEvent) => void): void {
    this.publish = publish;
  }

  notifyLocal(event: HandoffEvent): void {
    if (event.type === 'queue') this.queueEvents++;
    try {
      this.events.emit('event', event);
    } catch (err) {
      this.logger.warn({ err }, 'handoff: an event listener failed');
    }
  }

  private emit(event: HandoffEvent): void {
    this.publish(event);
  }
}

/** A turn's open case, and the count of queue events when it was looked up. */
interface TurnCase {
  open: HandoffCase | undefined;
  changes: number;
}

const TURN_CASE = Symbol('hand-off case of the turn');

/** Full-width digits (a Chinese keyboard's "１３８...") as ASCII, so the masker sees them as numbers. */
function asciiDigits(text: string): string {
  return text.replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30));
}
