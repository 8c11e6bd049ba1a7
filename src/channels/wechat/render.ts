import { ActivityTypes, type Activity } from 'botbuilder';
import { channelLocale } from '../../../dialogs/mainDialog';
import type { Locale } from '../../knowledge/topicSchema';
import { choicesOf, numberedList, type StoredChoice } from './choices';
import { markdownToPlainText } from './plainText';
import { packForWeChat } from './split';
import { wechatText } from './wechatTexts';

/** What a batch of bot activities becomes on WeChat. */
export interface RenderedReplies {
  /** Text messages in order, each within WeChat's limit. */
  messages: string[];
  /** The numbered choices now on offer (the last message with suggested actions), or undefined to keep the previous ones. */
  choices?: StoredChoice[];
  /** The language of the replies, when they say. */
  locale?: Locale;
}

/**
 * Turns the bot's message activities into WeChat text: Markdown flattened, suggested actions as a
 * numbered list, everything packed into as few messages as fit 2,048 bytes (the customer-service
 * API allows few messages per window).
 */
export function renderReplies(activities: Partial<Activity>[], fallbackLocale: Locale): RenderedReplies {
  const texts: string[] = [];
  let choices: StoredChoice[] | undefined;
  let locale: Locale | undefined;
  for (const activity of activities) {
    if (activity.type !== ActivityTypes.Message) continue;
    const replyLocale = channelLocale(activity.locale) ?? locale ?? fallbackLocale;
    locale = channelLocale(activity.locale) ?? locale;
    const offered = choicesOf(activity.suggestedActions?.actions);
    let text = activity.text ? (activity.textFormat === 'plain' ? activity.text : markdownToPlainText(activity.text)) : '';
    if (offered.length > 0) {
      text = [text, numberedList(offered, wechatText('replyWithNumber', replyLocale))].filter(Boolean).join('\n\n');
      choices = offered;
    } else if (text) {
      choices = [];
    }
    if (text) texts.push(text);
  }
  return { messages: packForWeChat(texts), ...(choices ? { choices } : {}), ...(locale ? { locale } : {}) };
}
