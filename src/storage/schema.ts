import type { ColumnType } from 'kysely';

/** Tables of the bot's own database; each part's migration in migrations.ts creates its tables. */
export interface DatabaseSchema {
  bot_state: BotStateTable;
  answer_feedback: AnswerFeedbackTable;
  directline_conversation: DirectLineConversationTable;
  directline_activity: DirectLineActivityTable;
  handoff_case: HandoffCaseTable;
  handoff_transcript: HandoffTranscriptTable;
  handoff_action: HandoffActionTable;
  handoff_rating: HandoffRatingTable;
  agent_session: AgentSessionTable;
  wechat_push: WeChatPushTable;
  wechat_user: WeChatUserTable;
  wechat_pending: WeChatPendingTable;
  wechat_access_token: WeChatAccessTokenTable;
  closure_watch: ClosureWatchTable;
  closure_notice: ClosureNoticeTable;
}

/** botbuilder Storage items (dialog stacks, conversation and user state) as JSON with an eTag. */
export interface BotStateTable {
  key: string;
  data: string;
  etag: string;
  updated_at: string;
}

/** "Was this helpful?" verdicts, one row per vote. */
export interface AnswerFeedbackTable {
  id: string;
  topic_id: string;
  locale: string;
  helpful: number;
  conversation_id: string;
  created_at: string;
}

/** A Direct Line conversation: who it belongs to and the last watermark handed out. */
export interface DirectLineConversationTable {
  id: string;
  user_id: string;
  user_name: string | null;
  locale: string | null;
  /** Sequence number of the newest activity; bumped in the same transaction that inserts one. */
  last_seq: number;
  /** 1 when the bot asked for a secret (a code): the next user message is kept masked. */
  sensitive_next: number;
  /** Expiry (epoch seconds) of the newest conversation token issued; null until one is. */
  token_expires_at: ColumnType<number | null, number | null | undefined, number | null>;
  /** The tap whose turn is running (its seq) and since when; cleared when the turn ends. */
  pending_turn_seq: ColumnType<number | null, number | null | undefined, number | null>;
  pending_since: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: string;
  updated_at: string;
}

/** Every activity a Direct Line client can fetch, in order; `seq` is the watermark. */
export interface DirectLineActivityTable {
  conversation_id: string;
  seq: number;
  type: string;
  body: string;
  created_at: string;
}

/** A request for a person: waiting in the queue, held by an agent, or finished. */
export interface HandoffCaseTable {
  id: string;
  /** `channelId/conversationId`: the conversation the case belongs to. */
  conversation_key: string;
  channel: string;
  /** The Bot Framework conversation reference (JSON) that deliveries send through. */
  reference: string;
  locale: string;
  reason: string;
  urgent: number;
  /** waiting | claimed | released | closed | cancelled */
  status: string;
  claimed_by: string | null;
  /** 1 when it was asked for while no agent was on duty. */
  outside_hours: number;
  /** The summary the bot prepared for the agent (JSON). */
  summary: string;
  note: string | null;
  waiting_since: string;
  updated_at: string;
}

/** Both directions of every conversation, masked, for the agent who takes it over. */
export interface HandoffTranscriptTable {
  conversation_key: string;
  /** Microseconds since the epoch, made unique per process: the order of the lines. */
  seq: number;
  /** user | bot | agent */
  sender: string;
  agent: string | null;
  text: string;
  at: string;
}

/** Who did what to a case (claim, message, release, close). */
export interface HandoffActionTable {
  case_id: string;
  agent: string;
  action: string;
  at: string;
}

/** The person's one-tap verdict after an agent handed back, kept per agent. */
export interface HandoffRatingTable {
  case_id: string;
  agent: string;
  helpful: number;
  at: string;
}

/** A signed-in agent: the SHA-256 of the bearer token, never the token. */
export interface AgentSessionTable {
  token_hash: string;
  username: string;
  roles: string;
  expires_at: number;
}

/** One WeChat push (by MsgId, or sender and time for events), claimed once; `reply` is the passive reply once known. */
export interface WeChatPushTable {
  key: string;
  reply: string | null;
  created_at: string;
}

/** A WeChat follower: the customer-service window (48 h from their last message) and what the bot last offered. */
export interface WeChatUserTable {
  open_id: string;
  /** Until when customer-service messages may be sent, in milliseconds since the epoch. */
  window_ends_at: number | string;
  /** Customer-service messages still allowed in the current window. */
  messages_left: number;
  locale: string | null;
  /** JSON: the numbered choices of the bot's latest message, as [{ title, value }]. */
  choices: string | null;
  updated_at: string;
}

/** Replies waiting for the user to reopen the customer-service window, in `seq` order. */
export interface WeChatPendingTable {
  id: string;
  open_id: string;
  seq: number | string;
  text: string;
  created_at: string;
}

/** The shared access token of one Official Account. */
export interface WeChatAccessTokenTable {
  app_id: string;
  token: string;
  /** Milliseconds since the epoch (PostgreSQL returns a bigint as a string). */
  expires_at: number | string;
}

/** A closure request the bot filed: the conversation to tell of its state changes, and the last state known. */
export interface ClosureWatchTable {
  request_id: string;
  channel: string;
  /** The Bot Framework conversation reference (JSON) the notice is delivered through. */
  reference: string;
  locale: string;
  /** simplified | traditional: the Chinese script the person wrote in when they filed. */
  script: string;
  last_status: string;
  created_at: string;
  updated_at: string;
}

/** A notice claimed (and, once it went out, sent) for one state of one request. */
export interface ClosureNoticeTable {
  request_id: string;
  status: string;
  /** When the latest attempt to deliver it was claimed. */
  claimed_at: string;
  /** Delivery attempts claimed so far (a failed one is retried by the poller). */
  attempts: ColumnType<number, number | undefined, number>;
  sent_at: ColumnType<string | null, string | null | undefined, string | null>;
}
