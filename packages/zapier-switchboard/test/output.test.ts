import { CATALOG, requireEntry, type EventEnvelope } from '../src/catalog/catalog';
import { toZapierEvent } from '../src/output/flatten';
import { hookOperation } from './helpers/zapier';

const sample = (type: string): EventEnvelope => requireEntry(type).sample;

describe('flat output for field mapping', () => {
  test('keeps the envelope and adds the common flat keys', () => {
    const event = sample('clarky.booking.confirmed');
    expect(toZapierEvent(event)).toEqual({
      ...event,
      vendor_name: 'Clarky',
      event_title: 'Booking confirmed',
      source_id: 'src_sample',
      source_name: 'Clarky (sample)',
      person_email: 'ada@example.com',
      person_first_name: 'Ada',
      person_last_name: 'Lovelace',
      person_name: 'Ada Lovelace',
      person_phone: '+14155550123',
      agent_id: '54eff0a3-e16d-4ebd-a26d-c12fe344e043',
      agent_name: 'Front Desk Assistant',
      contact_id: 'c_01JNQ8Z4W6T2X9R5B7K3M1P0HD',
      conversation_id: 'cv_01JNQ8YZ1C4V7B0N3M6K9J2H5G',
      booking_id: 'bk_01JNQA3D5F7H9K1M3P5R7T9V1X',
      booking_status: 'confirmed',
      booking_start_time: '2026-03-10T16:00:00.000Z',
      message_id: null,
      message_content: null,
    });
  });

  test('an event without a person has null person keys, not missing ones', () => {
    const flat = toZapierEvent(sample('clockwise_md.checkin'));
    expect(flat).toMatchObject({ person: null, person_email: null, person_name: null, appointment_id: 48213577 });
  });

  test.each([
    ['clarityflow.conversation_created', { object_type: 'conversation', object_id: 4812, object_url: 'http://northwindcoaching.clarityflow.com/c/march-3rd-2026-conversation' }],
    ['clarityflow.message_created', { object_type: 'message', object_id: 91730 }],
    ['clarityflow.task_completed', { object_type: 'task', object_id: 733 }],
    ['clarky.conversation.started', { conversation_id: 'cv_01JNQ8YZ1C4V7B0N3M6K9J2H5G', contact_id: 'c_01JNQ8Z4W6T2X9R5B7K3M1P0HD', booking_id: null }],
    ['clarky.message.received', { message_id: 'm_01JNQ8ZA1B3C5D7E9F1G3H5J7K', message_content: 'Can I book a demo for next Tuesday?' }],
  ])("%s carries the vendor's main ids", (type, keys) => {
    expect(toZapierEvent(sample(type))).toMatchObject(keys);
  });

  test('an uncataloged event is titled by its vendor event and still flattened', () => {
    const event = { ...sample('clarky.booking.cancelled'), type: 'clarky.booking.canceled', vendor_event: 'booking.canceled', cataloged: false };
    expect(toZapierEvent(event)).toMatchObject({ event_title: 'booking.canceled', booking_id: 'bk_01JNQA3D5F7H9K1M3P5R7T9V1X' });
  });

  test('a flat key never replaces a field the event already carries', () => {
    const event = { ...sample('clarky.booking.confirmed'), person_email: 'from-relay@example.com' };
    expect(toZapierEvent(event).person_email).toBe('from-relay@example.com');
  });

  test.each(CATALOG.map((entry) => entry.type))('%s flattens to scalar flat keys', (type) => {
    const flat = toZapierEvent(sample(type));
    for (const [key, value] of Object.entries(flat)) {
      if (key in sample(type)) continue;
      expect(value === null || ['string', 'number', 'boolean'].includes(typeof value)).toBe(true);
    }
  });
});

describe('outputFields and samples', () => {
  test.each(['new_event', 'clockwork_invitation', 'clockwise_md_appointment', 'clarityflow_event', 'clarky_event'])(
    '%s labels every flat key of its sample and the sample has them all',
    (key) => {
      const { operation } = hookOperation(key);
      const fields = (operation.outputFields ?? []) as { key: string; label?: string }[];
      const sampleKeys = Object.keys(operation.sample ?? {});
      for (const field of fields) expect(field.label).toEqual(expect.any(String));
      const labelled = new Set(fields.map((field) => field.key));
      const flatKeys = sampleKeys.filter((k) => !['source', 'person', 'data', 'warnings'].includes(k));
      expect(flatKeys.filter((k) => !labelled.has(k))).toEqual([]);
    },
  );

  test('the any-vendor trigger prefixes vendor keys with the vendor name', () => {
    const fields = (hookOperation('new_event').operation.outputFields ?? []) as { key: string; label?: string }[];
    expect(fields).toContainEqual({ key: 'booking_id', label: 'Clarky Booking ID', type: 'string' });
    expect(fields).toContainEqual({ key: 'appointment_id', label: 'Clockwise.MD Appointment ID', type: 'integer' });
  });
});
