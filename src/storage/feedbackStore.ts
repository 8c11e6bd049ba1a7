import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from './database';

export interface FeedbackVote {
  topicId: string;
  locale: string;
  helpful: boolean;
  conversationId: string;
}

export interface TopicFeedback {
  topicId: string;
  helpful: number;
  notHelpful: number;
}

/** "Was this helpful?" verdicts per topic, so a support lead can see which answers fail. */
export class FeedbackStore {
  constructor(private readonly db: Database) {}

  async record(vote: FeedbackVote): Promise<void> {
    await this.db
      .insertInto('answer_feedback')
      .values({
        id: randomUUID(),
        topic_id: vote.topicId,
        locale: vote.locale,
        helpful: vote.helpful ? 1 : 0,
        conversation_id: vote.conversationId,
        created_at: new Date().toISOString(),
      })
      .execute();
  }

  async summary(): Promise<TopicFeedback[]> {
    const rows = await this.db
      .selectFrom('answer_feedback')
      .select([
        'topic_id',
        sql<number>`sum(helpful)`.as('helpful'),
        sql<number>`sum(1 - helpful)`.as('not_helpful'),
      ])
      .groupBy('topic_id')
      .orderBy('topic_id')
      .execute();
    return rows.map((r) => ({ topicId: r.topic_id, helpful: Number(r.helpful), notHelpful: Number(r.not_helpful) }));
  }
}
