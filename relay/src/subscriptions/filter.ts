/**
 * Subscription filters (docs/contract.md, `filter`): conditions on event fields by dotted path,
 * e.g. `{"data.booking.status": "confirmed", "person.email": {"$exists": true}}`.
 *
 * Semantics, MongoDB-like where it helps and stricter where Mongo surprises:
 * - The keys of one object must all hold (AND); `$and` / `$or` take arrays of filters.
 * - A bare value means `$eq`. Comparisons never coerce: `"42"` does not equal `42`.
 * - A field holding an array matches `$eq`, `$in`, `$gt`... and `$regex` when any element does;
 *   `$ne` and `$nin` are their exact negations.
 * - `null` stands for "no value": the normalizer uses null for what a vendor did not send, so
 *   `$exists: true` needs a present, non-null value, and `$eq: null` matches null or missing.
 * - `$gt $gte $lt $lte` compare numbers with numbers and strings with strings (ISO timestamps
 *   order correctly as strings); any other pairing is false.
 * - `$regex` tests strings only, on a linear-time engine (linearRegex.ts: no backreferences or
 *   lookaround, refused at save time); `$options` (an extension) may hold `i`, `m`, `s`.
 */
import type { LinearRegex } from './linearRegex.js';
import { lookupPath } from './path.js';

export { compileFilter, FILTER_LIMITS } from './filterCompile.js';

export type Scalar = string | number | boolean | null;

export type Condition =
  | { op: '$eq' | '$ne'; value: Scalar }
  | { op: '$in' | '$nin'; values: readonly Scalar[] }
  | { op: '$exists'; value: boolean }
  | { op: '$gt' | '$gte' | '$lt' | '$lte'; value: string | number }
  | { op: '$regex'; regex: LinearRegex };

export type Filter =
  | { kind: 'all'; filters: readonly Filter[] }
  | { kind: 'any'; filters: readonly Filter[] }
  | { kind: 'field'; path: readonly string[]; conditions: readonly Condition[] };

const present = (value: unknown): boolean => value !== undefined && value !== null;
const elements = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : [value]);

function equals(value: unknown, expected: Scalar): boolean {
  if (expected === null && !present(value)) return true;
  return elements(value).some((element) => element === expected);
}

/** Sign of `element - bound` for two numbers or two strings; null for any other pairing. */
function order(element: unknown, bound: string | number): number | null {
  if (typeof element === 'number' && typeof bound === 'number') return Math.sign(element - bound);
  if (typeof element === 'string' && typeof bound === 'string') return element < bound ? -1 : element > bound ? 1 : 0;
  return null;
}

function compare(op: '$gt' | '$gte' | '$lt' | '$lte', value: unknown, bound: string | number): boolean {
  return elements(value).some((element) => {
    const sign = order(element, bound);
    if (sign === null) return false;
    switch (op) {
      case '$gt':
        return sign > 0;
      case '$gte':
        return sign >= 0;
      case '$lt':
        return sign < 0;
      case '$lte':
        return sign <= 0;
    }
  });
}

function holds(condition: Condition, value: unknown): boolean {
  switch (condition.op) {
    case '$eq':
      return equals(value, condition.value);
    case '$ne':
      return !equals(value, condition.value);
    case '$in':
      return condition.values.some((expected) => equals(value, expected));
    case '$nin':
      return !condition.values.some((expected) => equals(value, expected));
    case '$exists':
      return present(value) === condition.value;
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      return compare(condition.op, value, condition.value);
    case '$regex':
      return elements(value).some((element) => typeof element === 'string' && condition.regex.test(element));
    default: {
      const unreachable: never = condition;
      return unreachable;
    }
  }
}

/** Whether an event passes the filter. Pure, never throws. */
export function evaluate(filter: Filter, event: unknown): boolean {
  switch (filter.kind) {
    case 'all':
      return filter.filters.every((inner) => evaluate(inner, event));
    case 'any':
      return filter.filters.some((inner) => evaluate(inner, event));
    case 'field': {
      const value = lookupPath(event, filter.path);
      return filter.conditions.every((condition) => holds(condition, value));
    }
    default: {
      const unreachable: never = filter;
      return unreachable;
    }
  }
}
