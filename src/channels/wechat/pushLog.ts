import type { Database } from '../../storage/database';

/**
 * The pushes already received, in the database so every instance sees them: WeChat retries a push
 * it got no answer to, and a retry must neither run the bot again nor get a different reply.
 */
export class WeChatPushLog {
  private lastPrune = 0;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** Claims a push; false when it was claimed before (a retry, perhaps on another instance). */
  async claim(key: string): Promise<boolean> {
    await this.pruneNowAndThen();
    const result = await this.db
      .insertInto('wechat_push')
      .values({ key, reply: null, created_at: new Date(this.now()).toISOString() })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** Records what the push was answered with (the passive reply, or `success`). */
  async setReply(key: string, reply: string): Promise<void> {
    await this.db.updateTable('wechat_push').set({ reply }).where('key', '=', key).execute();
  }

  /** The recorded answer, waiting up to `waitMs` while the first delivery of the push is still being answered. */
  async replyOf(key: string, waitMs: number): Promise<string | undefined> {
    const deadline = this.now() + waitMs;
    for (;;) {
      const row = await this.db.selectFrom('wechat_push').select('reply').where('key', '=', key).executeTakeFirst();
      if (row?.reply != null) return row.reply;
      if (this.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** WeChat retries within seconds; a day of keys is plenty and keeps the table small. */
  private async pruneNowAndThen(): Promise<void> {
    const now = this.now();
    if (now - this.lastPrune < 3_600_000) return;
    this.lastPrune = now;
    await this.db.deleteFrom('wechat_push').where('created_at', '<', new Date(now - 86_400_000).toISOString()).execute();
  }
}
