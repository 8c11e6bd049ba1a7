import type { Locale } from '../../knowledge/topicSchema';

/** What the WeChat channel itself says, in both languages (the bot's own replies come from the dialogs). */
const TEXTS = {
  textOnly: {
    'zh-CN': '抱歉，我目前只能看懂文字消息。请用文字描述你的问题，比如“怎么注销账户”。',
    en: 'Sorry, I can only read text messages for now. Please type your question, for example "how do I close my account".',
  },
  replyWithNumber: {
    'zh-CN': '回复数字即可选择：',
    en: 'Reply with a number to choose:',
  },
} satisfies Record<string, Record<Locale, string>>;

export type WeChatTextKey = keyof typeof TEXTS;

export function wechatText(key: WeChatTextKey, locale: Locale): string {
  return TEXTS[key][locale];
}
