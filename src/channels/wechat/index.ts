import type express from 'express';
import type { BotRuntime } from '../../bot/runtime';
import { LIMITS, rateLimitsFor } from '../../web/rateLimiter';
import { WECHAT_PATH, WeChatChannel, wechatSettings, type WeChatRuntime } from './wechatChannel';
import { wechatRouter } from './wechatRouter';

export { WeChatChannel, WECHAT_PATH, wechatSettings } from './wechatChannel';
export { WECHAT_CHANNEL_ID } from './wechatAdapter';

const channels = new WeakMap<object, WeChatChannel>();

/**
 * The WeChat channel of `runtime`, created on first use, or undefined when it is off. Other parts
 * reach it here: `wechatChannel(runtime)?.delivery` is the ChannelDelivery for channel `wechat`.
 */
export function wechatChannel(runtime: WeChatRuntime): WeChatChannel | undefined {
  const settings = wechatSettings(runtime.config);
  if (!settings) return undefined;
  let channel = channels.get(runtime);
  if (!channel) {
    channel = new WeChatChannel(runtime, settings);
    channels.set(runtime, channel);
  }
  return channel;
}

/** Mounts GET and POST /wechat when the channel is configured; says in the log either way. */
export function mountWeChat(app: express.Express, runtime: BotRuntime): WeChatChannel | undefined {
  const channel = wechatChannel(runtime);
  if (!channel) {
    runtime.logger.info('wechat: channel off (set WECHAT_TOKEN, WECHAT_APP_ID and WECHAT_APP_SECRET to turn it on)');
    return undefined;
  }
  app.use(WECHAT_PATH, wechatRouter(channel, { logger: runtime.logger, limiter: rateLimitsFor(runtime).limiter(LIMITS.wechat) }));
  runtime.logger.info(
    { safeMode: Boolean(channel.settings.encodingAesKey), transferToKf: channel.settings.transferToKf, apiBaseUrl: channel.settings.apiBaseUrl },
    channel.settings.encodingAesKey ? 'wechat: channel on at /wechat (plain, compatible and safe mode)' : 'wechat: channel on at /wechat (plain mode only: WECHAT_ENCODING_AES_KEY is not set)',
  );
  return channel;
}
