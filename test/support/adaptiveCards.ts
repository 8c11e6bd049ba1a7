/** The parts of an Adaptive Card the tests read. */
export interface CardContent {
  body: unknown[];
  actions?: { type: string; title: string; verb?: string; data: unknown }[];
}

/** The Adaptive Card an activity carries, if any. */
export function adaptiveCardOf(activity: { attachments?: { contentType: string; content?: unknown }[] } | undefined): CardContent | undefined {
  return activity?.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content as CardContent | undefined;
}

/** What a card says, in order: its text blocks and its facts as "title: value" lines. */
export function cardText(card: CardContent): string {
  const lines: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const element = node as { type?: string; text?: string; facts?: { title: string; value: string }[]; items?: unknown[] };
    if (element.type === 'TextBlock' && element.text) lines.push(element.text);
    for (const fact of element.facts ?? []) lines.push(`${fact.title}: ${fact.value}`);
    if (element.items) walk(element.items);
  };
  walk(card.body);
  return lines.join('\n');
}

/** A card's Action.Submit buttons as Web Chat taps them: a postBack of the action's data. */
export function cardButtons(card: CardContent): { type: 'postBack'; title: string; value: unknown }[] {
  return (card.actions ?? []).filter((a) => a.type === 'Action.Submit').map((a) => ({ type: 'postBack' as const, title: a.title, value: a.data }));
}
