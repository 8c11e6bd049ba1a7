import { CardFactory, type Activity, type Attachment, type TurnContext } from 'botbuilder';
import type { ActionValue } from '../actionValues';

/** An Adaptive Card as sent in an attachment's content. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  body: Record<string, unknown>[];
  actions?: Record<string, unknown>[];
  [key: string]: unknown;
}

/**
 * Channels that get the closure's cards: Teams, and Web Chat on the bot's own Direct Line
 * (`directline`) or Azure's (`webchat`). The Emulator and WeChat keep buttons (WeChat shows no cards;
 * the Emulator's tests and people's habits read buttons).
 */
const CARD_CHANNELS: ReadonlySet<string> = new Set(['msteams', 'directline', 'webchat']);

/**
 * Channels whose cards may use `Action.Execute` (universal actions): only Teams answers the invoke.
 * Web Chat 4.18 renders an Execute button but only logs "unknown action" when it is tapped, so it
 * gets `Action.Submit`, which it sends as a message carrying the action's value.
 */
const UNIVERSAL_ACTION_CHANNELS: ReadonlySet<string> = new Set(['msteams']);

export function rendersCards(channelId: string | undefined): boolean {
  return CARD_CHANNELS.has(channelId ?? '');
}

export interface CardOptions {
  /** `Action.Execute` with an `Action.Submit` fallback (Teams), or `Action.Submit` only (Web Chat). */
  universal: boolean;
}

export function cardOptions(channelId: string | undefined): CardOptions {
  return { universal: UNIVERSAL_ACTION_CHANNELS.has(channelId ?? '') };
}

/**
 * A card button carrying the same value a messageBack button does: the verb is the value's kind
 * (src/channels/teams registers one handler per kind). Where Action.Execute is unknown, the
 * fallback submits the value as a message, which the dialogs read the same way.
 */
export function cardAction(title: string, value: ActionValue, options: CardOptions, style?: 'positive' | 'destructive'): Record<string, unknown> {
  const submit = { type: 'Action.Submit', title, data: value, ...(style ? { style } : {}) };
  if (!options.universal) return submit;
  return { type: 'Action.Execute', title, verb: value.action, data: value, ...(style ? { style } : {}), fallback: submit };
}

export function adaptiveCard(body: Record<string, unknown>[], actions: Record<string, unknown>[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    // 1.4 is where Action.Execute begins; hosts on 1.3 and earlier take the fallback.
    version: '1.4',
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

export const textBlock = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text, wrap: true, ...extra });
export const heading = (text: string) => textBlock(text, { weight: 'Bolder', size: 'Medium', style: 'heading' });

export function cardAttachment(card: AdaptiveCard): Attachment {
  return CardFactory.adaptiveCard(card);
}

/**
 * The reply as a card on channels that render cards: the card replaces the text and buttons,
 * everything else (locale, sources, sensitive-input flags) stays. Other channels get the reply as it is.
 */
export function asCard(context: TurnContext, activity: Partial<Activity>, card: (options: CardOptions) => AdaptiveCard): Partial<Activity> {
  return asCardOn(context.activity.channelId, activity, card);
}

/** `asCard` for a channel named outside a turn (a proactive notice). */
export function asCardOn(channelId: string | undefined, activity: Partial<Activity>, card: (options: CardOptions) => AdaptiveCard): Partial<Activity> {
  if (!rendersCards(channelId)) return activity;
  const { suggestedActions: _buttons, text, ...rest } = activity;
  // The text stays as the notification preview and for screen readers' summary.
  return { ...rest, ...(text ? { summary: text.split('\n')[0] } : {}), attachments: [cardAttachment(card(cardOptions(channelId)))] };
}
