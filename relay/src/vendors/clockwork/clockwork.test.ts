import { readFileSync } from 'node:fs';
import path from 'node:path';
import { vendorFixturesDir } from '../../../test/support/paths.js';
import type { Normalized } from '../types.js';
import { clockwork } from './index.js';
import { invitationSent as valid } from './samples.js';

const RECEIVED = new Date('2026-03-03T15:01:09.250Z');
const read = (rel: string): unknown => JSON.parse(readFileSync(path.join(vendorFixturesDir, rel), 'utf8'));

function accepted(body: unknown): Normalized {
  const result = clockwork.normalize(body, { receivedAt: RECEIVED });
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  return result.value;
}

function refused(body: unknown) {
  const result = clockwork.normalize(body, { receivedAt: RECEIVED });
  if (result.ok) throw new Error('accepted');
  return result.error;
}

const bront = { email: 'bront.chloaf@example.com', first_name: 'Brønt', last_name: 'Chloaf', phone: null };

describe('Clockwork fixtures', () => {
  it('invitation_sent: received time, customer as person, no dedupe key, timestamps as ISO UTC', () => {
    const body = read('clockwork/invitation_sent.json');
    expect(accepted(body)).toEqual({
      vendorEvent: 'invitation_sent',
      occurredAt: '2026-03-03T15:01:09.250Z',
      person: bront,
      data: { ...valid, customer_last_contacted_at: '2026-02-11T16:42:07.000Z' },
      warnings: [],
      dedupeKey: null,
    });
  });

  it('bad/clockwork_missing_customer_email: accepted with person.email null', () => {
    const event = accepted(read('bad/clockwork_missing_customer_email.json'));
    expect(event.person).toEqual({ ...bront, email: null });
    expect(event.vendorEvent).toBe('invitation_sent');
  });

  it('bad/clockwork_unknown_event_name: accepted with the wire name verbatim', () => {
    const event = accepted(read('bad/clockwork_unknown_event_name.json'));
    expect(event.vendorEvent).toBe('study_launched');
    expect(event.warnings).toEqual([]);
  });
});

describe('Clockwork refuses a body that does not identify the event', () => {
  const { event_name: _dropped, ...noEventName } = valid;

  it.each([
    ['missing event_name', noEventName, 'missing_field', 'Missing `event_name`: Clockwork sends {"event_name", "uuid", "sub_uuid", "customer_email", ...}.'],
    ['null event_name', { ...valid, event_name: null }, 'missing_field', 'Missing `event_name`: Clockwork sends {"event_name", "uuid", "sub_uuid", "customer_email", ...}.'],
    ['empty event_name', { ...valid, event_name: '' }, 'invalid_field', 'Expected `event_name` to be a non-empty string, got "".'],
    ['numeric event_name', { ...valid, event_name: 3 }, 'invalid_field', 'Expected `event_name` to be a non-empty string, got number 3.'],
  ])('%s', (_name, body, code, message) => {
    expect(refused(body)).toMatchObject({ code, message, field: 'event_name' });
  });

  it.each([
    ['an array', [valid]],
    ['a string', 'invitation_sent'],
    ['null', null],
  ])('refuses %s as invalid_request', (_name, body) => {
    const error = refused(body);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/^Expected the Clockwork webhook body to be a JSON object \{"event_name"/);
  });
});

describe('Clockwork quirks', () => {
  it('reads an offset-less customer_last_contacted_at as UTC', () => {
    expect(accepted({ ...valid, customer_last_contacted_at: '2026-02-11 16:42:07' }).data.customer_last_contacted_at).toBe(
      '2026-02-11T16:42:07.000Z',
    );
  });

  it('never takes customer_last_contacted_at as the event time', () => {
    expect(accepted(valid).occurredAt).toBe(RECEIVED.toISOString());
  });

  it('keeps an unreadable customer_last_contacted_at as sent, with a warning', () => {
    const event = accepted({ ...valid, customer_last_contacted_at: 'last week' });
    expect(event.data.customer_last_contacted_at).toBe('last week');
    expect(event.warnings).toEqual(['`customer_last_contacted_at` is not a readable timestamp (got "last week"); kept as sent.']);
  });

  it('turns list-form customer_attributes into a string-keyed object', () => {
    const attributes = [{ name: 'plan', value: 'enterprise' }, { name: 'seats', value: '42' }];
    const event = accepted({ ...valid, customer_attributes: attributes });
    expect(event.data.customer_attributes).toEqual({ plan: 'enterprise', seats: '42' });
    expect(event.warnings).toEqual([]);
  });

  it.each([
    ['duplicate names', [{ name: 'plan', value: 'a' }, { name: 'plan', value: 'b' }]],
    ['entries that are not pairs', [{ name: 'plan', value: 'a' }, 'seats=42']],
  ])('keeps a list with %s as sent, with a warning', (_name, attributes) => {
    const event = accepted({ ...valid, customer_attributes: attributes });
    expect(event.data.customer_attributes).toEqual(attributes);
    expect(event.warnings).toEqual(['`customer_attributes` is a list but not of distinct {name, value} pairs; kept as sent.']);
  });

  it('gives a null person when no customer field is sent', () => {
    expect(accepted({ event_name: 'invitation_sent' }).person).toBeNull();
  });

  it('never dedupes: uuid and sub_uuid identify the subscription, not the delivery', () => {
    expect(accepted(valid).dedupeKey).toBeNull();
  });

  it('keeps numeric uuids as strings', () => {
    const event = accepted({ ...valid, customer_uuid: 5150 });
    expect(event.data.customer_uuid).toBe('5150');
    expect(event.warnings).toEqual(['`customer_uuid` arrived as number 5150; kept as the string "5150".']);
  });

  it('warns when the event name looks like a cataloged one', () => {
    expect(accepted({ ...valid, event_name: 'Invitation Sent' }).warnings).toEqual([
      "`Invitation Sent` looks like cataloged `invitation_sent`; the event type keeps the vendor's spelling.",
    ]);
  });
});
