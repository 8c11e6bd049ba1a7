/**
 * `value` as JSON.parse(JSON.stringify(value)) returns it (Dates and other toJSON values as their
 * JSON, undefined and functions dropped from objects and null in arrays, non-finite numbers null),
 * built in one walk instead of printing and parsing the text: a bot reply with its cards and
 * sources is copied like this on every send. For activities the bot builds (no cycles).
 */
export function toJsonValue(value: unknown): unknown {
  const converted = jsonOf(value);
  return converted === SKIP ? undefined : converted;
}

const SKIP = Symbol('not JSON');

function jsonOf(value: unknown, key = ''): unknown {
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // JSON has no -0 (it prints as 0).
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : null;
    case 'object':
      if (value === null) return null;
      if (Array.isArray(value)) return value.map((item, i) => nullIfSkipped(jsonOf(item, String(i))));
      return objectOf(value as Record<string, unknown>);
    case 'bigint':
      // As JSON.stringify does.
      throw new TypeError('Do not know how to serialize a BigInt');
    default:
      return SKIP;
  }
}

function objectOf(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const converted = jsonOf(value[key], key);
    if (converted !== SKIP) out[key] = converted;
  }
  return out;
}

function nullIfSkipped(value: unknown): unknown {
  return value === SKIP ? null : value;
}
