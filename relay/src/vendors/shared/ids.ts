/** Id coercion. Pure; anything ambiguous gives null and the caller keeps the value as sent. */

/** Digits only, no leading zero (`"007"` would lose its zeros as a number, so it stays a string). */
const CANONICAL_DIGITS = /^(0|[1-9]\d*)$/;

/**
 * A non-negative integer id as a number: `48213577` stays, `"48213577"` becomes `48213577`.
 * Null for floats, negatives, leading zeros, blanks, and values past `Number.MAX_SAFE_INTEGER`.
 */
export function coerceIntId(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value !== 'string' || !CANONICAL_DIGITS.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

/** A string id as a string: strings stay, safe integers become their decimal text, else null. */
export function idToString(value: unknown): string | null {
  if (typeof value === 'string') return value;
  return typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : null;
}
