/** The input fields the visible triggers offer. Both are optional: empty means "all". */
import type { PlainInputField } from 'zapier-platform-core';
import { catalogFor } from '../catalog/catalog';
import { VENDOR_NAMES, type Vendor } from '../vendors';
import { sourceTriggerKey } from './sources';

/** Any vendor: a dropdown fed by the hidden `event_type` trigger (the relay's live catalog). */
export const anyEventTypeField: PlainInputField = {
  key: 'event_type',
  label: 'Event Type',
  required: false,
  dynamic: 'event_type.id.name',
  helpText: 'Which events start the Zap: one type, all of one vendor\'s events, or leave empty for every event of every vendor.',
};

/** One vendor: its event types from the bundled catalog. */
export function vendorEventTypeField(vendor: Vendor): PlainInputField {
  return {
    key: 'event_type',
    label: 'Event Type',
    required: false,
    choices: catalogFor(vendor).map((entry) => ({ value: entry.type, label: entry.title, sample: entry.type })),
    helpText: `Which ${VENDOR_NAMES[vendor]} event starts the Zap. Leave empty for every ${VENDOR_NAMES[vendor]} event, including types Switchboard does not know yet.`,
  };
}

export function sourceField(vendor: Vendor | null): PlainInputField {
  const accounts = vendor ? `${VENDOR_NAMES[vendor]} source` : 'source';
  return {
    key: 'source_id',
    label: 'Source',
    required: false,
    dynamic: `${sourceTriggerKey(vendor)}.id.name`,
    helpText: `Only events from this ${accounts} (one vendor account connected to the relay). Leave empty for every ${accounts}.`,
  };
}
