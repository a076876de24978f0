/**
 * The item a trigger returns: the event envelope unchanged (id, type, vendor, vendor_event,
 * occurred_at, received_at, source, person, data, ...) plus flat, labelled keys for the fields
 * people map most, so nobody has to dig through `data__booking__invitee__email`. Pure.
 */
import { catalogEntry, type EventEnvelope } from '../catalog/catalog';
import { VENDOR_NAMES } from '../vendors';
import type { FlatValue } from './pick';
import { VENDOR_FIELDS } from './vendorFields';

export type ZapierEvent = EventEnvelope & Record<string, unknown>;

function fullName(first: string | null, last: string | null): string | null {
  const name = [first, last].filter((part): part is string => typeof part === 'string' && part !== '').join(' ');
  return name === '' ? null : name;
}

/** The common flat keys, in the order `outputFields` lists them. */
export function commonFlatFields(event: EventEnvelope): Record<string, FlatValue> {
  const person = event.person;
  return {
    vendor_name: VENDOR_NAMES[event.vendor],
    event_title: catalogEntry(event.type)?.title ?? event.vendor_event,
    source_id: event.source.id,
    source_name: event.source.name,
    person_email: person?.email ?? null,
    person_first_name: person?.first_name ?? null,
    person_last_name: person?.last_name ?? null,
    person_name: fullName(person?.first_name ?? null, person?.last_name ?? null),
    person_phone: person?.phone ?? null,
  };
}

export function vendorFlatFields(event: EventEnvelope): Record<string, FlatValue> {
  const out: Record<string, FlatValue> = {};
  for (const field of VENDOR_FIELDS[event.vendor]) out[field.key] = field.pick(event.data);
  return out;
}

/** Envelope first, then the flat keys; a flat key never replaces a field the event already has. */
export function toZapierEvent(event: EventEnvelope): ZapierEvent {
  const out: ZapierEvent = { ...event };
  for (const [key, value] of Object.entries({ ...commonFlatFields(event), ...vendorFlatFields(event) })) {
    if (!Object.hasOwn(out, key)) out[key] = value;
  }
  return out;
}
