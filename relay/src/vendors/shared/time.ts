/**
 * Timestamp reading. Every function here is pure and never throws: unreadable input gives null.
 * Output is always ISO-8601 UTC with milliseconds, e.g. `2026-03-03T15:01:09.012Z`.
 */

const MIN_MS = Date.parse('0000-01-01T00:00:00.000Z');
const MAX_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** `T` separated ISO-8601: date, `HH:MM`, optional seconds and fraction, optional `Z` / `±HH[:MM]`. */
const ISO_T = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
/** The same, also with a space between date and time (`2026-03-03 14:24:05`). */
const ISO_LENIENT = new RegExp(ISO_T.source.replace('[Tt]', '[Tt ]'));
/**
 * Clarityflow quirk (documented examples): `2026-03-03 14:24:1772547853`, where the number after
 * `HH:MM:` is the Unix time in seconds. More than two digits cannot be seconds, so it is the epoch.
 */
const EPOCH_IN_SECONDS_SLOT = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:(\d{3,})$/;

/** ISO string for epoch milliseconds, or null outside years 0000-9999. */
export function isoFromMs(ms: number): string | null {
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) return null;
  return new Date(ms).toISOString();
}

/**
 * Strict ISO-8601 (`T` separator) to UTC. A value with an offset is converted; an offset-less
 * value is read as UTC. Impossible dates (Feb 30, hour 24) give null.
 */
export function parseIsoTimestamp(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return isCanonical(text) ? text : fromIsoMatch(ISO_T.exec(text));
}

/**
 * Any timestamp a vendor sends in a known field: ISO-8601 with or without offset (offset-less is
 * UTC), a space instead of `T`, or the Clarityflow epoch-in-seconds-slot quirk. Null if unreadable.
 */
export function toIsoUtc(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (isCanonical(text)) return text;
  const epoch = EPOCH_IN_SECONDS_SLOT.exec(text);
  if (epoch?.[1] !== undefined) return isoFromMs(Number(epoch[1]) * 1000);
  return fromIsoMatch(ISO_LENIENT.exec(text));
}

/** Already `YYYY-MM-DDTHH:MM:SS.sssZ` and a real instant: nothing to convert (the common case). Exported for its test. */
export function isCanonical(text: string): boolean {
  // Character checks instead of Date.parse + toISOString: this runs on every timestamp of every
  // event. Same answer: the layout, then field ranges (day within its month, leap years included).
  if (text.length !== 24) return false;
  for (let i = 0; i < 24; i++) {
    const c = text.charCodeAt(i);
    const expected = CANONICAL_LAYOUT.charCodeAt(i);
    if (expected === 100 /* d */ ? c < 48 || c > 57 : c !== expected) return false;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) &&
    digits(text, 11, 2) <= 23 && digits(text, 14, 2) <= 59 && digits(text, 17, 2) <= 59;
}

const CANONICAL_LAYOUT = 'dddd-dd-ddTdd:dd:dd.dddZ';

function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + (text.charCodeAt(i) - 48);
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function fromIsoMatch(m: RegExpExecArray | null): string | null {
  if (!m) return null;
  const num = (i: number): number => Number(m[i] ?? '0');
  const [y, mo, d, h, mi, s] = [num(1), num(2), num(3), num(4), num(5), num(6)];
  const ms = Number(((m[7] ?? '') + '000').slice(0, 3));
  const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const back = new Date(local);
  const exact =
    back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d &&
    back.getUTCHours() === h && back.getUTCMinutes() === mi && back.getUTCSeconds() === s;
  const offset = offsetMinutes(m[8]);
  if (!exact || offset === null) return null;
  return isoFromMs(local - offset * 60_000);
}

/** Minutes east of UTC for `Z`, `+05:30`, `-0500`, `+02`; 0 when absent; null when out of range. */
function offsetMinutes(offset: string | undefined): number | null {
  if (offset === undefined || offset === 'Z' || offset === 'z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  return hours > 23 || minutes > 59 ? null : sign * (hours * 60 + minutes);
}
