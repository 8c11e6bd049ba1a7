import { z } from 'zod';
import type { Logger } from '../../observability/logger';
import { WeChatApiError, type AccessTokenCache } from './accessToken';

/** The access token is invalid (40001) or expired (42001): fetch a new one and try once more. */
const TOKEN_ERRORS = new Set([40001, 42001]);

const resultSchema = z.looseObject({ errcode: z.number().int().default(0), errmsg: z.string().default('') });

/** The parts of WeChat's server API the channel calls, with the token handled. */
export class WeChatApi {
  constructor(
    private readonly apiBaseUrl: string,
    private readonly tokens: AccessTokenCache,
    private readonly logger: Logger,
  ) {}

  /** A customer-service text message (`/cgi-bin/message/custom/send`). */
  sendText(openId: string, content: string): Promise<void> {
    return this.post('/cgi-bin/message/custom/send', { touser: openId, msgtype: 'text', text: { content } });
  }

  /** Replaces the Official Account's custom menu (`/cgi-bin/menu/create`). */
  createMenu(menu: unknown): Promise<void> {
    return this.post('/cgi-bin/menu/create', menu);
  }

  /** POSTs JSON with the token; WeChat errors are logged by errcode (never with the token) and thrown. */
  private async post(path: string, body: unknown, retried = false): Promise<void> {
    const token = await this.tokens.get();
    const url = new URL(path, this.apiBaseUrl);
    url.searchParams.set('access_token', token);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    const parsed = resultSchema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) throw new Error(`WeChat ${path} answered ${res.status} with an unexpected body.`);
    const { errcode, errmsg } = parsed.data;
    if (errcode === 0) return;
    if (TOKEN_ERRORS.has(errcode) && !retried) {
      this.logger.warn({ errcode, api: path }, 'wechat: access token refused, fetching a new one');
      await this.tokens.invalidate(token);
      return this.post(path, body, true);
    }
    this.logger.error({ errcode, errmsg, api: path }, 'wechat: API call failed');
    throw new WeChatApiError(errcode, errmsg);
  }
}
