import { readFileSync } from 'node:fs';
import path from 'node:path';
import { vendorFixturesDir } from '../../../test/support/paths.js';
import type { Normalized } from '../types.js';
import { clockwiseMd } from './index.js';

const RECEIVED = new Date('2026-03-03T15:01:09.250Z');
const read = (rel: string): unknown => JSON.parse(readFileSync(path.join(vendorFixturesDir, rel), 'utf8'));
const valid = { appointment_id: 48213577, event_type: 'checkin' };
const SHAPE_MESSAGE = 'Clockwise.MD sends {"appointment_id", "event_type"}.';

function accepted(body: unknown): Normalized {
  const result = clockwiseMd.normalize(body, { receivedAt: RECEIVED });
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  return result.value;
}

function refused(body: unknown) {
  const result = clockwiseMd.normalize(body, { receivedAt: RECEIVED });
  if (result.ok) throw new Error('accepted');
  return result.error;
}

const TYPES = [
  'create', 'reschedule', 'demographics_update', 'checkin', 'undo_checkin', 'remove', 'undo_remove',
  'ready', 'undo_ready', 'callback', 'undo_callback', 'discharge', 'undo_discharge',
];

describe('Clockwise.MD fixtures', () => {
  it.each(TYPES)('%s: received time, no person, no dedupe key, data as sent', (type) => {
    expect(accepted(read(`clockwise_md/${type}.json`))).toEqual({
      vendorEvent: type,
      occurredAt: '2026-03-03T15:01:09.250Z',
      person: null,
      data: { appointment_id: 48213577, event_type: type },
      warnings: [],
      dedupeKey: null,
    });
  });

  it('bad/clockwise_md_appointment_id_as_string: "48213577" is coerced to the number, with a warning', () => {
    const event = accepted(read('bad/clockwise_md_appointment_id_as_string.json'));
    expect(event.data).toEqual({ appointment_id: 48213577, event_type: 'checkin' });
    expect(event.warnings).toEqual(['`appointment_id` arrived as "48213577"; kept as the number 48213577.']);
  });

  it('bad/clockwise_md_missing_event_type: missing_field naming event_type and the shape', () => {
    expect(refused(read('bad/clockwise_md_missing_event_type.json'))).toMatchObject({
      code: 'missing_field',
      field: 'event_type',
      message: `Missing \`event_type\`: ${SHAPE_MESSAGE}`,
    });
  });

  it('bad/clockwise_md_unknown_event_type: accepted verbatim', () => {
    const event = accepted(read('bad/clockwise_md_unknown_event_type.json'));
    expect(event.vendorEvent).toBe('no_show');
    expect(event.warnings).toEqual([]);
  });

  it('bad/clockwise_md_duplicate_checkin_a and _b: both accepted, neither with a dedupe key', () => {
    const a = accepted(read('bad/clockwise_md_duplicate_checkin_a.json'));
    const b = accepted(read('bad/clockwise_md_duplicate_checkin_b.json'));
    expect([a.dedupeKey, b.dedupeKey]).toEqual([null, null]);
    expect(a).toEqual(b);
  });
});

describe('Clockwise.MD refuses a body that does not identify the event', () => {
  it.each([
    ['appointment_id missing', { event_type: 'checkin' }, 'missing_field', 'appointment_id', `Missing \`appointment_id\`: ${SHAPE_MESSAGE}`],
    ['appointment_id a float', { ...valid, appointment_id: 4.5 }, 'invalid_field', 'appointment_id', 'Expected `appointment_id` to be an integer (or a string of digits), got number 4.5.'],
    ['appointment_id negative', { ...valid, appointment_id: -1 }, 'invalid_field', 'appointment_id', 'Expected `appointment_id` to be an integer (or a string of digits), got number -1.'],
    ['appointment_id with letters', { ...valid, appointment_id: 'A48213577' }, 'invalid_field', 'appointment_id', 'Expected `appointment_id` to be an integer (or a string of digits), got "A48213577".'],
    ['appointment_id with leading zeros', { ...valid, appointment_id: '0048213577' }, 'invalid_field', 'appointment_id', 'Expected `appointment_id` to be an integer (or a string of digits), got "0048213577".'],
    ['appointment_id an object', { ...valid, appointment_id: { id: 1 } }, 'invalid_field', 'appointment_id', 'Expected `appointment_id` to be an integer (or a string of digits), got an object.'],
    ['event_type null', { ...valid, event_type: null }, 'missing_field', 'event_type', `Missing \`event_type\`: ${SHAPE_MESSAGE}`],
    ['event_type a number', { ...valid, event_type: 4 }, 'invalid_field', 'event_type', 'Expected `event_type` to be a non-empty string, got number 4.'],
  ])('%s', (_name, body, code, field, message) => {
    expect(refused(body)).toMatchObject({ code, field, message });
  });

  it.each([
    ['an array', [valid]],
    ['a string', 'checkin'],
    ['null', null],
  ])('refuses %s as invalid_request', (_name, body) => {
    expect(refused(body)).toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining('Expected the Clockwise.MD webhook body to be a JSON object {"appointment_id", "event_type"}'),
    });
  });
});

describe('Clockwise.MD details', () => {
  it('keeps extra fields Clockwise may add', () => {
    expect(accepted({ ...valid, hospital_id: 13598 }).data).toEqual({ ...valid, hospital_id: 13598 });
  });

  it('warns when the type looks like a cataloged one', () => {
    expect(accepted({ ...valid, event_type: 'undo-checkin' }).warnings).toEqual([
      "`undo-checkin` looks like cataloged `undo_checkin`; the event type keeps the vendor's spelling.",
    ]);
  });
});
