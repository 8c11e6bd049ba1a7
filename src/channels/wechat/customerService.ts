import type { Logger } from '../../observability/logger';
import { KeyedQueue } from '../directline/keyedQueue';
import { WeChatApiError } from './accessToken';
import type { WeChatFollowers } from './followers';
import { packForWeChat } from './split';
import type { WeChatApi } from './wechatApi';

/** WeChat says the window is closed (45015) or its messages are used up (45047). */
const WINDOW_ERRORS = new Set([45015, 45047]);

/**
 * Sends text through the customer-service API within the rules of its window: messages to one
 * user go out one at a time in order; when the window is closed or its allowance used up, the rest
 * wait in the database and go out when the user writes again.
 */
export class CustomerServiceSender {
  private readonly queue = new KeyedQueue({ reentrant: true });

  constructor(
    private readonly api: WeChatApi,
    private readonly followers: WeChatFollowers,
    private readonly logger: Logger,
  ) {}

  /** Sends `texts` in order, packed into as few messages as fit; what cannot go now is held. */
  send(openId: string, texts: string[]): Promise<void> {
    return this.queue.run(openId, async () => {
      const messages = packForWeChat(texts);
      for (let i = 0; i < messages.length; i++) {
        if (!(await this.followers.takeMessage(openId))) {
          await this.followers.hold(openId, messages.slice(i));
          return;
        }
        try {
          await this.api.sendText(openId, messages[i]!);
        } catch (err) {
          if (err instanceof WeChatApiError && WINDOW_ERRORS.has(err.errcode)) await this.followers.closeWindow(openId);
          else this.logger.error({ err: err instanceof WeChatApiError ? `errcode ${err.errcode}` : String(err) }, 'wechat: customer-service message not sent; held');
          await this.followers.hold(openId, messages.slice(i));
          return;
        }
      }
    });
  }

  /** The user wrote again: replies that were held go out first, oldest first. */
  async sendHeld(openId: string): Promise<void> {
    const held = await this.followers.takeHeld(openId);
    if (held.length > 0) await this.send(openId, held);
  }
}
