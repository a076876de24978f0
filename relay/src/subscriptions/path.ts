/**
 * Dotted paths into an event (`data.booking.status`, `data.items.0.name`), shared by filters and
 * payload templates. Lookup reads own properties only, so `__proto__`, `constructor` or
 * `toString` never reach the prototype chain: they find a value only when the event itself
 * carries such a key.
 */

export const MAX_PATH_LENGTH = 200;
export const MAX_PATH_SEGMENTS = 16;

/** No dots (the separator), control characters, braces, quotes or backslashes; no edge spaces. */
const SEGMENT = /^[^.\s{}"\\\u0000-\u001f\u007f](?:[^.{}"\\\u0000-\u001f\u007f]*[^.\s{}"\\\u0000-\u001f\u007f])?$/;
const INDEX = /^(?:0|[1-9][0-9]{0,8})$/;

/** The segments of a dotted path, or null when it is malformed. */
export function parsePath(text: string): string[] | null {
  if (text.length === 0 || text.length > MAX_PATH_LENGTH) return null;
  const segments = text.split('.');
  if (segments.length > MAX_PATH_SEGMENTS) return null;
  return segments.every((segment) => SEGMENT.test(segment)) ? segments : null;
}

/** What a path expects, for "Expected `x` to be ..." messages. */
export const PATH_EXPECTATION = `a dotted path like \`data.booking.status\` (at most ${MAX_PATH_LENGTH} characters and ${MAX_PATH_SEGMENTS} segments; no empty segments, quotes, braces or backslashes)`;

/** The value at a path, or undefined when any step is missing. Never throws. */
export function lookupPath(root: unknown, segments: readonly string[]): unknown {
  let current: unknown = root;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      const items: readonly unknown[] = current;
      if (!INDEX.test(segment)) return undefined;
      current = items[Number(segment)];
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}
