import { describeValue } from '../../errors.js';
import { formatPath, type Trail } from './fieldPath.js';
import { isRecord } from './guards.js';
import { coerceIntId, idToString } from './ids.js';
import { toIsoUtc } from './time.js';
import { WarningLog } from './warnings.js';

/** How one vendor's payload is cleaned: which keys hold timestamps, which hold ids of which type. */
export interface CleanRules {
  /** Keys, at any depth, whose values are timestamps: rewritten to ISO UTC when readable. */
  timestampKeys: ReadonlySet<string>;
  /** Keys, at any depth, holding ids, and the JSON type the vendor uses for them. */
  ids?: { isIdKey: (key: string) => boolean; as: 'number' | 'string' };
}

export interface Cleaned<T> {
  value: T;
  /**
   * One line per value the cleaner changed type of, or could not read: at most LISTED_PER_KIND of
   * each kind, then one summary line per kind (shared/warnings.ts). Paths are shortened (fieldPath.ts).
   */
  warnings: string[];
}

const RETYPED = "an id kept in the vendor's id type";
const UNREADABLE = 'an unreadable timestamp kept as sent';

/** The walk's state: the rules, the path to the current field (pushed and popped) and the warnings. */
interface Walk {
  rules: CleanRules;
  trail: Trail;
  log: WarningLog;
}

/**
 * The payload with readable timestamps as ISO UTC and ids in the vendor's id type. Pure: returns
 * new objects (a `__proto__` key stays a plain own key, never a prototype).
 * `path` prefixes the field names in warnings (`payload` gives `payload.message.id`).
 * Cost: one pass over the values; a warning's text (and its path) is only built when it is
 * listed, synchronously inside `log.add`, while `trail` still points at the field.
 */
export function cleanPayload(
  payload: Record<string, unknown>,
  rules: CleanRules,
  path = '',
): Cleaned<Record<string, unknown>> {
  const walk: Walk = { rules, trail: path === '' ? [] : [path], log: new WarningLog() };
  return { value: cleanRecord(payload, walk), warnings: walk.log.list() };
}

function cleanRecord(record: Record<string, unknown>, walk: Walk): Record<string, unknown> {
  // A plain loop: this runs on every field of every event (the ingest hot path).
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    walk.trail.push(key);
    const value = cleanField(key, record[key], walk);
    walk.trail.pop();
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

function cleanValue(value: unknown, walk: Walk): unknown {
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      walk.trail.push(i);
      out[i] = cleanValue(value[i], walk);
      walk.trail.pop();
    }
    return out;
  }
  return isRecord(value) ? cleanRecord(value, walk) : value;
}

function cleanField(key: string, value: unknown, walk: Walk): unknown {
  if (walk.rules.timestampKeys.has(key)) return cleanTimestamp(value, walk);
  const ids = walk.rules.ids;
  const retyped = ids?.isIdKey(key) ? retypeId(value, ids.as) : null;
  if (retyped === null) return cleanValue(value, walk);
  walk.log.add(RETYPED, () => `\`${formatPath(walk.trail)}\` arrived as ${describeValue(value)}; kept as the ${typeof retyped} ${JSON.stringify(retyped)}.`);
  return retyped;
}

/** Readable -> ISO UTC. Null and blank strings stay silently; anything else unreadable stays, with a warning. */
function cleanTimestamp(value: unknown, walk: Walk): unknown {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return value;
  const iso = toIsoUtc(value);
  if (iso !== null) return iso;
  walk.log.add(UNREADABLE, () => `\`${formatPath(walk.trail)}\` is not a readable timestamp (got ${describeValue(value)}); kept as sent.`);
  return value;
}

/** The id in the vendor's id type, or null when it already has that type or cannot be retyped unambiguously. */
function retypeId(value: unknown, as: 'number' | 'string'): number | string | null {
  if (as === 'number') return typeof value === 'string' ? coerceIntId(value) : null;
  return typeof value === 'number' ? idToString(value) : null;
}
