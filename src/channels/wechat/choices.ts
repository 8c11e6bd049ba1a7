import type { CardAction } from 'botbuilder';
import { z } from 'zod';

/** A suggested action as the channel remembers it: what the person sees, and what tapping it sends. */
export const storedChoiceSchema = z.object({ title: z.string(), value: z.unknown().optional() });
export type StoredChoice = z.infer<typeof storedChoiceSchema>;

export function choicesOf(actions: CardAction[] | undefined): StoredChoice[] {
  return (actions ?? [])
    .filter((a) => typeof a.title === 'string' && a.title !== '')
    .map((a) => ({ title: a.title, ...(a.value !== undefined ? { value: a.value } : {}) }));
}

/** The choices as WeChat shows them: one numbered line each, under a hint. */
export function numberedList(choices: StoredChoice[], hint: string): string {
  return [hint, ...choices.map((c, i) => `${i + 1}. ${c.title}`)].join('\n');
}

const normalize = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');

/**
 * The choice a typed message picks: its number ("2", "２", "2."), or its exact title. Anything else
 * (a paraphrase, a question) goes to the bot as typed, which understands close wordings itself.
 */
export function pickChoice(text: string, choices: StoredChoice[]): StoredChoice | undefined {
  if (choices.length === 0) return undefined;
  const number = /^\s*(\d{1,2})\s*[.)、．。]?\s*$/u.exec(text.normalize('NFKC'));
  if (number) return choices[Number(number[1]) - 1];
  const typed = normalize(text);
  return typed ? choices.find((c) => normalize(c.title) === typed) : undefined;
}
