import { hookTrigger } from './hookTrigger';
import { anyEventTypeField, sourceField } from './inputFields';

/** "New Event": any vendor, optionally one type or one vendor's events, optionally one source. */
export const newEventTrigger = hookTrigger({
  key: 'new_event',
  noun: 'Event',
  label: 'New Event',
  description: 'Triggers when Switchboard receives an event from any connected vendor (Clockwork, Clockwise.MD, Clarityflow, Clarky).',
  scope: { vendor: null, fixedType: null },
  inputFields: [anyEventTypeField, sourceField(null)],
  sampleType: 'clarky.booking.confirmed',
});
