import type { CardAction } from 'botbuilder';
import type { Locale } from '../../src/knowledge/topicSchema';
import { parseActionValue } from '../actionValues';
import { adaptiveCard, cardAction, heading, textBlock, type AdaptiveCard, type CardOptions } from './adaptiveCard';
import { cardText } from './cardStrings';

/** The dialog's own buttons as card actions (same titles, same values); a button without a value is left out. */
export function cardActions(buttons: readonly CardAction[], options: CardOptions): Record<string, unknown>[] {
  return buttons.flatMap((b) => {
    const value = parseActionValue(b.value);
    if (!value) return [];
    const style = value.action === 'choice' && value.choice === 'agree' ? 'positive' : undefined;
    return [cardAction(b.title, value, options, style)];
  });
}

const facts = (rows: [string, string][]) => ({ type: 'FactSet', facts: rows.map(([title, value]) => ({ title, value })) });

/** The closure terms and the final question, with Accept and Cancel (the dialog's agree / disagree buttons). */
export function termsCard(input: { terms: string; ask: string; buttons: readonly CardAction[]; locale: Locale }, options: CardOptions): AdaptiveCard {
  return adaptiveCard(
    [heading(cardText('termsTitle', input.locale)), textBlock(input.terms), textBlock(input.ask, { weight: 'Bolder' })],
    cardActions(input.buttons, options),
  );
}

/** What replaces the terms card once the request is filed: its id, where the email went, what happens next. */
export function filedCard(
  input: { requestId: string; emailSentTo: string; text: string; buttons: readonly CardAction[]; locale: Locale },
  options: CardOptions,
): AdaptiveCard {
  const { locale } = input;
  return adaptiveCard(
    [
      heading(cardText('filedTitle', locale)),
      facts([
        [cardText('requestId', locale), input.requestId],
        [cardText('emailSentTo', locale), input.emailSentTo],
      ]),
      textBlock(input.text),
    ],
    cardActions(input.buttons, options),
  );
}

/** Each blocker with what to do about it, and "check again" among the buttons. */
export function blockersCard(
  input: { blockers: readonly { problem: string; fix?: string }[]; outro?: string; buttons: readonly CardAction[]; locale: Locale },
  options: CardOptions,
): AdaptiveCard {
  const { locale } = input;
  const items = input.blockers.map((b, i) => ({
    type: 'Container',
    separator: i > 0,
    items: [textBlock(`${i + 1}. ${b.problem}`, { weight: 'Bolder' }), ...(b.fix ? [textBlock(cardText('blockerFix', locale, { fix: b.fix }), { isSubtle: true })] : [])],
  }));
  return adaptiveCard(
    [heading(cardText('blockersTitle', locale)), ...items, ...(input.outro ? [textBlock(input.outro)] : [])],
    cardActions(input.buttons, options),
  );
}

/** Where a closure request stands (the status lookup, and the notice when it changes), with "check again" among the buttons. */
export function statusCard(
  input: { requestId: string; statusWord: string; text: string; buttons: readonly CardAction[]; locale: Locale },
  options: CardOptions,
): AdaptiveCard {
  const { locale } = input;
  return adaptiveCard(
    [
      heading(cardText('statusTitle', locale)),
      facts([
        [cardText('requestId', locale), input.requestId],
        [cardText('status', locale), input.statusWord],
      ]),
      textBlock(input.text),
    ],
    cardActions(input.buttons, options),
  );
}
