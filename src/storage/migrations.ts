import { sql, type Kysely, type Migration } from 'kysely';

/** Ordered schema changes; names sort in the order they must run. Both SQLite and PostgreSQL run them. */
export const migrations: Record<string, Migration> = {
  '2026-11-25-001-bot-state': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('bot_state')
        .addColumn('key', 'varchar(512)', (c) => c.primaryKey())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('etag', 'varchar(64)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
  '2026-11-25-002-answer-feedback': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('answer_feedback')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('topic_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('locale', 'varchar(8)', (c) => c.notNull())
        .addColumn('helpful', 'integer', (c) => c.notNull())
        .addColumn('conversation_id', 'varchar(256)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await sql`create index answer_feedback_topic on answer_feedback (topic_id)`.execute(db);
    },
  },
  '2026-11-25-010-directline': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('directline_conversation')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', 'varchar(128)', (c) => c.notNull())
        .addColumn('user_name', 'varchar(256)')
        .addColumn('locale', 'varchar(16)')
        .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('sensitive_next', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('directline_activity')
        .addColumn('conversation_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('type', 'varchar(32)', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('directline_activity_pk', ['conversation_id', 'seq'])
        .execute();
    },
  },
  '2026-12-01-101-directline-token-expiry': {
    async up(db: Kysely<unknown>) {
      // When the conversation's newest token expires (epoch seconds): an open stream closes then unless refreshed.
      await db.schema.alterTable('directline_conversation').addColumn('token_expires_at', 'bigint').execute();
    },
  },
  '2026-12-01-102-directline-pending-turn': {
    async up(db: Kysely<unknown>) {
      // A tap whose turn has not finished yet (seq, and since when): resumed if the process died under it.
      await db.schema.alterTable('directline_conversation').addColumn('pending_turn_seq', 'integer').execute();
      await db.schema.alterTable('directline_conversation').addColumn('pending_since', 'varchar(32)').execute();
    },
  },
  '2026-12-01-301-handoff': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('handoff_case')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('conversation_key', 'varchar(512)', (c) => c.notNull())
        .addColumn('channel', 'varchar(64)', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('locale', 'varchar(8)', (c) => c.notNull())
        .addColumn('reason', 'varchar(32)', (c) => c.notNull())
        .addColumn('urgent', 'integer', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('claimed_by', 'varchar(64)')
        .addColumn('outside_hours', 'integer', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('waiting_since', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await sql`create index handoff_case_status on handoff_case (status)`.execute(db);
      // One open case per conversation, even when two requests race (a double tap).
      await sql`create unique index handoff_case_open on handoff_case (conversation_key) where status in ('waiting', 'claimed')`.execute(db);
      await db.schema
        .createTable('handoff_transcript')
        .addColumn('conversation_key', 'varchar(512)', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('sender', 'varchar(8)', (c) => c.notNull())
        .addColumn('agent', 'varchar(64)')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('handoff_transcript_pk', ['conversation_key', 'seq'])
        .execute();
      await db.schema
        .createTable('handoff_action')
        .addColumn('case_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('agent', 'varchar(64)', (c) => c.notNull())
        .addColumn('action', 'varchar(16)', (c) => c.notNull())
        .addColumn('at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await sql`create index handoff_action_case on handoff_action (case_id)`.execute(db);
      await db.schema
        .createTable('handoff_rating')
        .addColumn('case_id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('agent', 'varchar(64)', (c) => c.notNull())
        .addColumn('helpful', 'integer', (c) => c.notNull())
        .addColumn('at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('agent_session')
        .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('username', 'varchar(64)', (c) => c.notNull())
        .addColumn('roles', 'varchar(64)', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '2026-12-01-401-wechat': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('wechat_push')
        .addColumn('key', 'varchar(160)', (c) => c.primaryKey())
        .addColumn('reply', 'text')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await sql`create index wechat_push_created on wechat_push (created_at)`.execute(db);
      await db.schema
        .createTable('wechat_user')
        .addColumn('open_id', 'varchar(128)', (c) => c.primaryKey())
        .addColumn('window_ends_at', 'bigint', (c) => c.notNull())
        .addColumn('messages_left', 'integer', (c) => c.notNull())
        .addColumn('locale', 'varchar(16)')
        .addColumn('choices', 'text')
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('wechat_pending')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('open_id', 'varchar(128)', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await sql`create index wechat_pending_user on wechat_pending (open_id, seq)`.execute(db);
      await db.schema
        .createTable('wechat_access_token')
        .addColumn('app_id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('token', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '2026-12-02-131-closure-notices': {
    async up(db: Kysely<unknown>) {
      // The closure requests the bot filed, where to tell their person, and the last status it knows.
      await db.schema
        .createTable('closure_watch')
        .addColumn('request_id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('channel', 'varchar(64)', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('locale', 'varchar(8)', (c) => c.notNull())
        .addColumn('script', 'varchar(16)', (c) => c.notNull())
        .addColumn('last_status', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await sql`create index closure_watch_status on closure_watch (last_status)`.execute(db);
      // One row per notice: the primary key is the claim, so one instance sends it whoever saw the change first.
      await db.schema
        .createTable('closure_notice')
        .addColumn('request_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('status', 'varchar(32)', (c) => c.notNull())
        .addColumn('claimed_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('sent_at', 'varchar(32)')
        .addPrimaryKeyConstraint('closure_notice_pk', ['request_id', 'status'])
        .execute();
    },
  },
};
