import { describeValue } from '../../errors.js';
import { isRecord } from './guards.js';
import { coerceIntId, idToString } from './ids.js';
import { toIsoUtc } from './time.js';

/** How one vendor's payload is cleaned: which keys hold timestamps, which hold ids of which type. */
export interface CleanRules {
  /** Keys, at any depth, whose values are timestamps: rewritten to ISO UTC when readable. */
  timestampKeys: ReadonlySet<string>;
  /** Keys, at any depth, holding ids, and the JSON type the vendor uses for them. */
  ids?: { isIdKey: (key: string) => boolean; as: 'number' | 'string' };
}

export interface Cleaned<T> {
  value: T;
  /** One line per value the cleaner changed type of, or could not read. */
  warnings: string[];
}

/**
 * The payload with readable timestamps as ISO UTC and ids in the vendor's id type. Pure: returns
 * new objects (built with `Object.fromEntries`, so a `__proto__` key stays a plain key).
 * `path` prefixes the field names in warnings (`payload` gives `payload.message.id`).
 */
export function cleanPayload(
  payload: Record<string, unknown>,
  rules: CleanRules,
  path = '',
): Cleaned<Record<string, unknown>> {
  const warnings: string[] = [];
  return { value: cleanRecord(payload, rules, path, warnings), warnings };
}

function cleanRecord(
  record: Record<string, unknown>,
  rules: CleanRules,
  path: string,
  warnings: string[],
): Record<string, unknown> {
  // A plain loop: this runs on every field of every event (the ingest hot path).
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const value = cleanField(key, record[key], rules, joinPath(path, key), warnings);
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

function walk(value: unknown, rules: CleanRules, path: string, warnings: string[]): unknown {
  if (Array.isArray(value)) return value.map((item, i) => walk(item, rules, `${path}[${i}]`, warnings));
  return isRecord(value) ? cleanRecord(value, rules, path, warnings) : value;
}

function cleanField(key: string, value: unknown, rules: CleanRules, path: string, warnings: string[]): unknown {
  if (rules.timestampKeys.has(key)) return cleanTimestamp(value, path, warnings);
  const retyped = rules.ids?.isIdKey(key) ? retypeId(value, rules.ids.as) : null;
  if (retyped === null) return walk(value, rules, path, warnings);
  warnings.push(`\`${path}\` arrived as ${describeValue(value)}; kept as the ${typeof retyped} ${JSON.stringify(retyped)}.`);
  return retyped;
}

/** Readable -> ISO UTC. Null and blank strings stay silently; anything else unreadable stays, with a warning. */
function cleanTimestamp(value: unknown, path: string, warnings: string[]): unknown {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return value;
  const iso = toIsoUtc(value);
  if (iso === null) warnings.push(`\`${path}\` is not a readable timestamp (got ${describeValue(value)}); kept as sent.`);
  return iso ?? value;
}

/** The id in the vendor's id type, or null when it already has that type or cannot be retyped unambiguously. */
function retypeId(value: unknown, as: 'number' | 'string'): number | string | null {
  if (as === 'number') return typeof value === 'string' ? coerceIntId(value) : null;
  return typeof value === 'number' ? idToString(value) : null;
}

export function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
