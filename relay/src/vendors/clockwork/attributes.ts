import { isRecord } from '../shared/guards.js';

/**
 * Clockwork documents `customer_attributes` without its shape. Most likely it is a string-keyed
 * map (`{"plan": "enterprise"}`), which is kept as is. A list of `{name, value}` pairs (`key` is
 * accepted for `name`) is converted to that map so subscribers see one shape. A list that is not
 * all pairs with distinct names would lose data as a map, so it is kept as sent, with a warning.
 */
export function attributesAsMap(value: unknown): { value: unknown; warnings: string[] } {
  if (!Array.isArray(value)) return { value, warnings: [] };
  const pairs = value.map(toPair).filter((pair): pair is [string, unknown] => pair !== null);
  const distinct = new Set(pairs.map(([name]) => name)).size;
  if (pairs.length !== value.length || distinct !== pairs.length) {
    return { value, warnings: ['`customer_attributes` is a list but not of distinct {name, value} pairs; kept as sent.'] };
  }
  return { value: Object.fromEntries(pairs), warnings: [] };
}

function toPair(item: unknown): [string, unknown] | null {
  if (!isRecord(item)) return null;
  const name = item.name ?? item.key;
  return typeof name === 'string' ? [name, item.value ?? null] : null;
}
