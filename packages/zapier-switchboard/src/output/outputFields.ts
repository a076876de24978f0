/**
 * Labelled `outputFields` for every trigger: the envelope, the common flat keys and the vendor's
 * flat keys (prefixed with the vendor's name on the any-vendor trigger, where all four appear).
 */
import type { PlainOutputField } from 'zapier-platform-core';
import { VENDOR_NAMES, VENDORS, type Vendor } from '../vendors';
import { VENDOR_FIELDS } from './vendorFields';

const ENVELOPE: PlainOutputField[] = [
  { key: 'id', label: 'Event ID', type: 'string' },
  { key: 'type', label: 'Event Type', type: 'string' },
  { key: 'event_title', label: 'Event Title', type: 'string' },
  { key: 'vendor', label: 'Vendor', type: 'string' },
  { key: 'vendor_name', label: 'Vendor Name', type: 'string' },
  { key: 'vendor_event', label: 'Vendor Event', type: 'string' },
  { key: 'cataloged', label: 'Cataloged Event Type', type: 'boolean' },
  { key: 'occurred_at', label: 'Occurred At', type: 'datetime' },
  { key: 'received_at', label: 'Received At', type: 'datetime' },
  { key: 'source_id', label: 'Source ID', type: 'string' },
  { key: 'source_name', label: 'Source Name', type: 'string' },
  { key: 'person_email', label: 'Person Email', type: 'string' },
  { key: 'person_first_name', label: 'Person First Name', type: 'string' },
  { key: 'person_last_name', label: 'Person Last Name', type: 'string' },
  { key: 'person_name', label: 'Person Full Name', type: 'string' },
  { key: 'person_phone', label: 'Person Phone', type: 'string' },
];

function vendorOutputFields(vendor: Vendor, prefixed: boolean): PlainOutputField[] {
  return VENDOR_FIELDS[vendor].map((field) => ({
    key: field.key,
    label: prefixed ? `${VENDOR_NAMES[vendor]} ${field.label}` : field.label,
    type: field.type,
  }));
}

/** For one vendor's trigger, or for the any-vendor trigger when `vendor` is null. */
export function outputFieldsFor(vendor: Vendor | null): PlainOutputField[] {
  const vendorFields = vendor === null ? VENDORS.flatMap((v) => vendorOutputFields(v, true)) : vendorOutputFields(vendor, false);
  return [...ENVELOPE, ...vendorFields];
}
