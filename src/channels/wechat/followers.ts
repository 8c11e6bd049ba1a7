import crypto from 'node:crypto';
import type { Locale } from '../../knowledge/topicSchema';
import type { Database } from '../../storage/database';
import { storedChoiceSchema, type StoredChoice } from './choices';

/** Customer-service messages: 5 within 48 h of a user's message; 3 within a minute of a follow or menu click. */
export const MESSAGE_WINDOW = { ms: 48 * 3_600_000, messages: 5 } as const;
export const EVENT_WINDOW = { ms: 60_000, messages: 3 } as const;

export interface Follower {
  openId: string;
  windowEndsAt: number;
  messagesLeft: number;
  locale?: Locale;
  choices: StoredChoice[];
}

/**
 * What the channel keeps per WeChat user, in the database: the customer-service window and its
 * allowance, the language of the latest replies, the numbered choices on offer, and replies that
 * wait for the window to open again.
 */
export class WeChatFollowers {
  private seq = 0;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  async get(openId: string): Promise<Follower | undefined> {
    const row = await this.db.selectFrom('wechat_user').selectAll().where('open_id', '=', openId).executeTakeFirst();
    if (!row) return undefined;
    const choices = storedChoiceSchema.array().safeParse(row.choices ? JSON.parse(row.choices) : []);
    return {
      openId,
      windowEndsAt: Number(row.window_ends_at),
      messagesLeft: row.messages_left,
      ...(row.locale === 'en' || row.locale === 'zh-CN' ? { locale: row.locale } : {}),
      choices: choices.success ? choices.data : [],
    };
  }

  /** The user wrote (`message`) or followed / clicked the menu (`event`): the window opens again. */
  async opened(openId: string, kind: 'message' | 'event'): Promise<void> {
    const now = this.now();
    const existing = await this.get(openId);
    const open = existing && existing.windowEndsAt > now;
    const grant = kind === 'message' ? MESSAGE_WINDOW : EVENT_WINDOW;
    const windowEndsAt = Math.max(open ? existing.windowEndsAt : 0, now + grant.ms);
    const messagesLeft = kind === 'message' ? grant.messages : Math.max(open ? existing.messagesLeft : 0, grant.messages);
    const updatedAt = new Date(now).toISOString();
    await this.db
      .insertInto('wechat_user')
      .values({ open_id: openId, window_ends_at: windowEndsAt, messages_left: messagesLeft, locale: null, choices: null, updated_at: updatedAt })
      .onConflict((oc) => oc.column('open_id').doUpdateSet({ window_ends_at: windowEndsAt, messages_left: messagesLeft, updated_at: updatedAt }))
      .execute();
  }

  /** Takes one customer-service message from the allowance; false when the window is closed or used up. */
  async takeMessage(openId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('wechat_user')
      .set((eb) => ({ messages_left: eb('messages_left', '-', 1) }))
      .where('open_id', '=', openId)
      .where('window_ends_at', '>', this.now())
      .where('messages_left', '>', 0)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** WeChat said the window is closed or used up (45015, 45047), whatever we counted. */
  async closeWindow(openId: string): Promise<void> {
    await this.db.updateTable('wechat_user').set({ messages_left: 0 }).where('open_id', '=', openId).execute();
  }

  /** Remembers the language of the latest replies and the choices they offer (undefined keeps the old ones). */
  async rememberReplies(openId: string, locale: Locale | undefined, choices: StoredChoice[] | undefined): Promise<void> {
    if (!locale && !choices) return;
    await this.db
      .updateTable('wechat_user')
      .set({
        ...(locale ? { locale } : {}),
        ...(choices ? { choices: JSON.stringify(choices) } : {}),
        updated_at: new Date(this.now()).toISOString(),
      })
      .where('open_id', '=', openId)
      .execute();
  }

  /** Keeps replies until the user writes again. */
  async hold(openId: string, texts: string[]): Promise<void> {
    if (texts.length === 0) return;
    const createdAt = new Date(this.now()).toISOString();
    await this.db
      .insertInto('wechat_pending')
      .values(texts.map((text) => ({ id: crypto.randomUUID(), open_id: openId, seq: this.now() * 1000 + (this.seq++ % 1000), text, created_at: createdAt })))
      .execute();
  }

  /** Takes the held replies out, oldest first. */
  async takeHeld(openId: string): Promise<string[]> {
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('wechat_pending').select(['id', 'text', 'seq']).where('open_id', '=', openId).execute();
      if (rows.length === 0) return [];
      await trx.deleteFrom('wechat_pending').where('id', 'in', rows.map((r) => r.id)).execute();
      return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map((r) => r.text);
    });
  }
}
