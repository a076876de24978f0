/**
 * Which event types a subscription wants, Zapier style: `*` (everything), `<vendor>.*` (every
 * type of one vendor, uncataloged ones included) or an exact `<vendor>.<wire event>`.
 *
 * An exact type need not be in the catalog: vendors document their events thinly and the relay
 * delivers uncataloged wire types too, so a subscriber may name one before the catalog does.
 * The vendor must be known, though, and the wire part well formed.
 */
import { AppError, describeValue, invalidField, missingField } from '../errors.js';
import { VENDORS, isVendor } from '../vendors/types.js';

export const MAX_PATTERNS = 100;
export const MAX_WIRE_LENGTH = 100;
/** Letters, digits and `_ - : /`, in dot-separated parts (Clarky: `booking.confirmed`). */
const WIRE = /^[A-Za-z0-9_:/-]+(?:\.[A-Za-z0-9_:/-]+)*$/;

export interface PatternsInput {
  /** Zapier's single type. */
  event?: unknown;
  /** n8n's and the API's array of types and patterns. */
  event_types?: unknown;
}

const EXPECTED = `\`*\`, \`<vendor>.*\` or \`<vendor>.<event>\` with a vendor among ${VENDORS.join(', ')}`;

/** Why a string is not a pattern, or null when it is one. */
function patternProblem(pattern: string): string | null {
  if (pattern === '*') return null;
  const dot = pattern.indexOf('.');
  const vendor = dot < 0 ? pattern : pattern.slice(0, dot);
  if (!isVendor(vendor)) return `${JSON.stringify(vendor)} is not a vendor`;
  const wire = pattern.slice(dot + 1);
  if (dot < 0 || wire.length === 0) return `the event after \`${vendor}.\` is missing`;
  if (wire === '*') return null;
  if (wire.length > MAX_WIRE_LENGTH || !WIRE.test(wire)) {
    return `the event part may hold letters, digits, \`_-:/\` and inner dots (at most ${MAX_WIRE_LENGTH} characters)`;
  }
  return null;
}

function validateOne(value: unknown, field: string): string | AppError {
  if (typeof value !== 'string') return invalidField(field, EXPECTED, value);
  const problem = patternProblem(value);
  if (problem === null) return value;
  return new AppError('invalid_field', `Expected \`${field}\` to be ${EXPECTED}, got ${describeValue(value)}: ${problem}.`, { field });
}

function collect(input: PatternsInput): Array<[unknown, string]> | AppError {
  const found: Array<[unknown, string]> = [];
  if (input.event !== undefined && input.event !== null) found.push([input.event, 'event']);
  if (input.event_types !== undefined && input.event_types !== null) {
    if (!Array.isArray(input.event_types)) return invalidField('event_types', `an array of ${EXPECTED}`, input.event_types);
    const items: readonly unknown[] = input.event_types;
    if (items.length === 0 || items.length > MAX_PATTERNS) {
      const message = `Expected \`event_types\` to be an array of 1 to ${MAX_PATTERNS} types or patterns, got ${items.length} entries.`;
      return new AppError('invalid_field', message, { field: 'event_types' });
    }
    items.forEach((item, index) => found.push([item, `event_types[${index}]`]));
  }
  return found;
}

/**
 * The patterns of a subscription, as given, without duplicates. `event` and `event_types` may
 * both be sent (the union is taken); at least one pattern is required.
 */
export function validatePatterns(input: PatternsInput): string[] | AppError {
  const found = collect(input);
  if (found instanceof AppError) return found;
  if (found.length === 0) {
    return missingField('event_types', 'send `event_types` (an array of types or patterns such as `clarky.*` or `*`) or `event`');
  }
  const patterns: string[] = [];
  for (const [value, field] of found) {
    const pattern = validateOne(value, field);
    if (pattern instanceof AppError) return pattern;
    if (!patterns.includes(pattern)) patterns.push(pattern);
  }
  return patterns;
}

/** Whether one pattern covers an event type. */
export function matchesPattern(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1)) && type.length > pattern.length - 1;
  return pattern === type;
}

/** Whether any of the patterns covers the event type. */
export function matches(patterns: readonly string[], type: string): boolean {
  return patterns.some((pattern) => matchesPattern(pattern, type));
}

/**
 * The smallest sorted list that covers exactly the same types: duplicates and patterns covered
 * by a wider one are dropped. Two subscriptions want the same events iff these are equal.
 */
export function canonicalPatterns(patterns: readonly string[]): string[] {
  const unique = [...new Set(patterns)];
  const kept = unique.filter((pattern) => !unique.some((other) => other !== pattern && matchesPattern(other, pattern)));
  return kept.sort();
}

/** Whether two pattern lists select the same event types. */
export function sameEventSet(a: readonly string[], b: readonly string[]): boolean {
  const left = canonicalPatterns(a);
  const right = canonicalPatterns(b);
  return left.length === right.length && left.every((pattern, index) => pattern === right[index]);
}
