/** Deepest nesting any channel accepts; real activities stay under 20 (cards in cards). */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether `value` nests deeper than `max` arrays and objects. Iterative, so a hostile 5,000-level
 * body cannot overflow the stack here, and refused before anything recursive (zod, botbuilder, a
 * logger) walks it.
 */
export function nestsDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}
