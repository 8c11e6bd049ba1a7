import type { FollowUpContext } from '../src/nlu/followUp';

/**
 * What was just discussed, kept in conversation state (ConversationData.context) so the next
 * message is read against it: the last topic answered, the flow and the step the person is at, and
 * the blockers on screen. Plain data: a test sets it directly, the recognizer reads it as a
 * FollowUpContext.
 */
export interface ConversationContext {
  /** The knowledge topic of the bot's last answer. */
  topic?: string;
  /** The flow running (its intent) and the prompt waiting in it. */
  flow?: string;
  step?: string;
  /** The knowledge topic the waiting step is about (identity-verification at the code prompt). */
  stepTopic?: string;
  /** The knowledge topics of the blockers shown (how to clear each one). */
  blockerTopics?: string[];
}

/** The topics a follow-up may be about, most recent first: the answer, then the step and its blockers. */
export function followUpContext(context: ConversationContext | undefined): FollowUpContext | undefined {
  if (!context) return undefined;
  const topics = [context.topic, ...(context.blockerTopics ?? []), context.stepTopic].filter((t): t is string => t !== undefined);
  const unique = [...new Set(topics)];
  return unique.length > 0 ? { topics: unique } : undefined;
}

/** After an answer: what it was about, and where the person still is. */
export function withAnswer(context: ConversationContext | undefined, topic: string): ConversationContext {
  return { ...context, topic };
}

/** The step now waiting (or none, when the flow ended). */
export function atStep(
  context: ConversationContext | undefined,
  step: { flow: string; step: string; topic?: string; blockerTopics?: string[] } | undefined,
): ConversationContext {
  const { topic } = context ?? {};
  const base: ConversationContext = topic ? { topic } : {};
  if (!step) return base;
  return {
    ...base,
    flow: step.flow,
    step: step.step,
    ...(step.topic ? { stepTopic: step.topic } : {}),
    ...(step.blockerTopics?.length ? { blockerTopics: step.blockerTopics } : {}),
  };
}
