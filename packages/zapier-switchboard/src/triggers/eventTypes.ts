/** Hidden trigger feeding the any-vendor Event Type dropdown from `GET /api/v1/event-types`. */
import { defineTrigger, type Bundle, type ZObject } from 'zapier-platform-core';
import { listEventTypes, type EventTypeOption } from '../relay/api';
import { VENDOR_NAMES, VENDORS } from '../vendors';

export interface EventTypeChoice {
  id: string;
  name: string;
}

/** `*`, then per vendor its `<vendor>.*` and its types, in the relay's order. Pure. */
export function eventTypeChoices(options: readonly EventTypeOption[]): EventTypeChoice[] {
  const choices: EventTypeChoice[] = [{ id: '*', name: 'Any event (every vendor)' }];
  for (const vendor of VENDORS) {
    const own = options.filter((option) => option.vendor === vendor);
    if (own.length === 0) continue;
    choices.push({ id: `${vendor}.*`, name: `${VENDOR_NAMES[vendor]}: any event` });
    for (const option of own) choices.push({ id: option.type, name: `${VENDOR_NAMES[vendor]}: ${option.title}` });
  }
  return choices;
}

const perform = async (z: ZObject, bundle: Bundle): Promise<EventTypeChoice[]> => eventTypeChoices(await listEventTypes(z, bundle));

export const eventTypeTrigger = defineTrigger({
  key: 'event_type',
  noun: 'Event Type',
  display: { label: 'Event Types', description: 'Lists the relay\'s event types for the Event Type dropdown.', hidden: true },
  operation: { perform, sample: { id: 'clarky.booking.confirmed', name: 'Clarky: Booking confirmed' } },
});
