/**
 * Relay answers and Zapier-stored data, checked once at the edge: `unknown` in, typed values or a
 * message naming the field out. Never throws.
 */
import type { EventEnvelope, Person } from '../catalog/catalog';
import { isVendor } from '../vendors';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** The part of a relay subscription (`POST /api/v1/hooks` answer) this app keeps as subscribeData. */
export interface SubscribedHook {
  id: string;
  /** `whsec_…`: signs every delivery; only the subscribe answer carries it. */
  secret: string;
  [field: string]: unknown;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

const fail = (field: string, expected: string, got: unknown): Parsed<never> => ({
  ok: false,
  error: `Expected \`${field}\` to be ${expected}, got ${describe(got)}.`,
});

export function parseSubscribedHook(value: unknown): Parsed<SubscribedHook> {
  if (!isRecord(value)) return fail('subscribeData', 'the relay subscription object', value);
  const { id, secret } = value;
  if (typeof id !== 'string' || id.length === 0) return fail('subscribeData.id', 'the relay hook id', id);
  if (typeof secret !== 'string' || !secret.startsWith('whsec_')) return fail('subscribeData.secret', 'a `whsec_…` signing secret', secret);
  return { ok: true, value: { ...value, id, secret } };
}

const PERSON_FIELDS = ['email', 'first_name', 'last_name', 'phone'] as const;

function parsePerson(value: unknown): Parsed<Person | null> {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (!isRecord(value)) return fail('person', 'an object or null', value);
  const person: Person = { email: null, first_name: null, last_name: null, phone: null };
  for (const field of PERSON_FIELDS) {
    const v = value[field];
    if (v !== null && v !== undefined && typeof v !== 'string') return fail(`person.${field}`, 'a string or null', v);
    person[field] = v ?? null;
  }
  return { ok: true, value: person };
}

const STRING_FIELDS = ['id', 'type', 'vendor_event', 'occurred_at', 'received_at'] as const;

function strings<K extends string>(value: Record<string, unknown>, fields: readonly K[]): Parsed<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const field of fields) {
    const v = value[field];
    if (typeof v !== 'string' || v === '') return fail(field, 'a non-empty string', v);
    out[field] = v;
  }
  return { ok: true, value: out as Record<K, string> };
}

function parseWarnings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((w): w is string => typeof w === 'string') : [];
}

/** A delivered event. Extra fields are kept (docs/contract.md: extra fields are always allowed). */
export function parseEnvelope(value: unknown): Parsed<EventEnvelope> {
  if (!isRecord(value)) return fail('event', 'a Switchboard event object', value);
  const text = strings(value, STRING_FIELDS);
  if (!text.ok) return text;
  const vendor = value['vendor'];
  if (!isVendor(vendor)) return fail('vendor', 'clockwork, clockwise_md, clarityflow or clarky', vendor);
  const source = value['source'];
  if (!isRecord(source) || typeof source['id'] !== 'string' || typeof source['name'] !== 'string') {
    return fail('source', 'an object with string `id` and `name`', source);
  }
  const data = value['data'];
  if (!isRecord(data)) return fail('data', 'an object', data);
  const person = parsePerson(value['person']);
  if (!person.ok) return person;
  const envelope: EventEnvelope = {
    ...value,
    ...text.value,
    vendor,
    cataloged: value['cataloged'] !== false,
    source: { ...source, id: source['id'], name: source['name'] },
    person: person.value,
    data,
    warnings: parseWarnings(value['warnings']),
  };
  return { ok: true, value: envelope };
}

/** `{"data": [...]}`, the shape of every relay list answer. */
export function parseList(value: unknown, what: string): Parsed<unknown[]> {
  if (!isRecord(value) || !Array.isArray(value['data'])) return fail(what, '`{"data": [...]}`', value);
  return { ok: true, value: value['data'] };
}
