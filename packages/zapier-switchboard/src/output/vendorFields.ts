/**
 * Flat, labelled keys per vendor for Zapier's field mapping: the vendor's main ids and a few
 * values people map most. Every key is present on every event of its vendor (null when the
 * payload lacks it), so a Zap built on a sample keeps working on real events. Keys are unique
 * across vendors, so the any-vendor trigger can carry them side by side.
 */
import type { Vendor } from '../vendors';
import { at, scalar, type FlatValue } from './pick';

type Data = Record<string, unknown>;

export interface VendorField {
  key: string;
  label: string;
  type: 'string' | 'integer' | 'datetime';
  pick: (data: Data) => FlatValue;
}

/** Clarityflow wraps one object per event (NOTES.md); these are the documented and inferred ones. */
const CLARITYFLOW_OBJECTS = ['conversation', 'message', 'appointment', 'purchase', 'form_submission', 'task'] as const;

/** The key of the object a Clarityflow event is about: a known one first, else any object with an id. */
export function clarityflowObjectKey(data: Data): string | null {
  const known = CLARITYFLOW_OBJECTS.find((key) => at(data, key, 'id') !== undefined);
  if (known) return known;
  const other = Object.keys(data).find((key) => scalar(at(data, key, 'id')) !== null);
  return other ?? null;
}

function clarityflowObject(data: Data, ...path: string[]): unknown {
  const key = clarityflowObjectKey(data);
  return key === null ? undefined : at(data, key, ...path);
}

const CLOCKWORK: VendorField[] = [
  { key: 'customer_uuid', label: 'Customer UUID', type: 'string', pick: (d) => scalar(d['customer_uuid']) },
];

const CLOCKWISE_MD: VendorField[] = [
  { key: 'appointment_id', label: 'Appointment ID', type: 'integer', pick: (d) => scalar(d['appointment_id']) },
];

const CLARITYFLOW: VendorField[] = [
  { key: 'object_type', label: 'Object Type', type: 'string', pick: (d) => clarityflowObjectKey(d) },
  { key: 'object_id', label: 'Object ID', type: 'string', pick: (d) => scalar(clarityflowObject(d, 'id')) },
  {
    key: 'object_url',
    label: 'Link',
    type: 'string',
    pick: (d) => scalar(clarityflowObject(d, 'url'), clarityflowObject(d, 'message_url'), clarityflowObject(d, 'conversation_url')),
  },
];

const CLARKY: VendorField[] = [
  { key: 'agent_id', label: 'Agent ID', type: 'string', pick: (d) => scalar(at(d, 'agent', 'id')) },
  { key: 'agent_name', label: 'Agent Name', type: 'string', pick: (d) => scalar(at(d, 'agent', 'name')) },
  {
    key: 'contact_id',
    label: 'Contact ID',
    type: 'string',
    pick: (d) => scalar(at(d, 'contact', 'id'), at(d, 'conversation', 'contact_id'), at(d, 'booking', 'contact_id')),
  },
  {
    key: 'conversation_id',
    label: 'Conversation ID',
    type: 'string',
    pick: (d) => scalar(at(d, 'conversation', 'id'), at(d, 'booking', 'conversation_id'), d['conversationId']),
  },
  { key: 'booking_id', label: 'Booking ID', type: 'string', pick: (d) => scalar(at(d, 'booking', 'id')) },
  { key: 'booking_status', label: 'Booking Status', type: 'string', pick: (d) => scalar(at(d, 'booking', 'status')) },
  { key: 'booking_start_time', label: 'Booking Start Time', type: 'datetime', pick: (d) => scalar(at(d, 'booking', 'start_time')) },
  { key: 'message_id', label: 'Message ID', type: 'string', pick: (d) => scalar(at(d, 'message', 'id')) },
  { key: 'message_content', label: 'Message Content', type: 'string', pick: (d) => scalar(at(d, 'message', 'content')) },
];

export const VENDOR_FIELDS: Readonly<Record<Vendor, readonly VendorField[]>> = {
  clockwork: CLOCKWORK,
  clockwise_md: CLOCKWISE_MD,
  clarityflow: CLARITYFLOW,
  clarky: CLARKY,
};
