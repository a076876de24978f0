import { readFileSync } from 'node:fs';
import path from 'node:path';
import { vendorFixturesDir } from '../../../test/support/paths.js';
import type { Normalized } from '../types.js';
import { clarky } from './index.js';
import { bookingConfirmed, contactDeleted, conversationStarted, conversationUpdated } from './samples.js';

const RECEIVED = new Date('2026-03-03T15:01:09.250Z');
const read = (rel: string): unknown => JSON.parse(readFileSync(path.join(vendorFixturesDir, rel), 'utf8'));
const valid = bookingConfirmed;

function accepted(body: unknown): Normalized {
  const result = clarky.normalize(body, { receivedAt: RECEIVED });
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  return result.value;
}

function refused(body: unknown) {
  const result = clarky.normalize(body, { receivedAt: RECEIVED });
  if (result.ok) throw new Error('accepted');
  return result.error;
}

const ada = { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', phone: '+14155550123' };

describe('Clarky fixtures', () => {
  it.each([
    ['contact_created', 'contact.created', '2026-03-03T14:05:12.418Z', ada],
    ['contact_updated', 'contact.updated', '2026-03-03T14:09:47.120Z', ada],
    ['contact_deleted', 'contact.deleted', '2026-03-05T09:00:03.551Z', { ...ada, phone: null }],
    ['conversation_started', 'conversation.started', '2026-03-03T14:04:58.902Z', { ...ada, phone: null }],
    ['conversation_updated', 'conversation.updated', '2026-03-03T14:12:30.004Z', ada],
    ['conversation_bad_sentiment', 'conversation.bad_sentiment', '2026-03-04T11:20:14.777Z', ada],
    ['escalation_requested', 'escalation.requested', '2026-03-04T11:21:02.310Z', ada],
    ['message_sent', 'message.sent', '2026-03-03T14:05:41.250Z', ada],
    ['message_received', 'message.received', '2026-03-03T14:05:40.118Z', ada],
    ['booking_created', 'booking.created', '2026-03-03T14:06:30.640Z', ada],
    ['booking_confirmed', 'booking.confirmed', '2026-03-03T15:01:09.012Z', ada],
    ['booking_cancelled', 'booking.cancelled', '2026-03-08T08:44:51.903Z', ada],
    ['booking_rescheduled', 'booking.rescheduled', '2026-03-07T19:15:22.480Z', ada],
    ['booking_completed', 'booking.completed', '2026-03-10T16:31:00.066Z', ada],
    ['booking_no_show', 'booking.no_show', '2026-03-10T16:45:00.201Z', ada],
    ['booking_reminder_sent', 'booking.reminder_sent', '2026-03-09T16:00:00.733Z', ada],
  ])('%s: %s at %s, person, no dedupe key, data as sent (already ISO UTC)', (file, type, occurredAt, who) => {
    const body = read(`clarky/${file}.json`);
    expect(accepted(body)).toEqual({ vendorEvent: type, occurredAt, person: who, data: body, warnings: [], dedupeKey: null });
  });

  it('bad/clarky_missing_event: missing_field naming event', () => {
    expect(refused(read('bad/clarky_missing_event.json'))).toMatchObject({
      code: 'missing_field',
      field: 'event',
      message: 'Missing `event`: Clarky sends {"event", "timestamp", "agent", ...}.',
    });
  });

  it('bad/clarky_unknown_event: accepted verbatim, no spelling warning', () => {
    expect(accepted(read('bad/clarky_unknown_event.json'))).toMatchObject({
      vendorEvent: 'conversation.deleted',
      occurredAt: '2026-03-05T10:00:00.000Z',
      person: null,
      warnings: [],
    });
  });

  it('bad/clarky_no_auth_header: the body itself is valid (the 401 is the ingest\'s job)', () => {
    expect(accepted(read('bad/clarky_no_auth_header.json')).vendorEvent).toBe('contact.created');
  });
});

describe('Clarky refuses a body without an event', () => {
  const { event: _dropped, ...noEvent } = valid;

  it.each([
    ['event missing', noEvent, 'missing_field'],
    ['event null', { ...valid, event: null }, 'missing_field'],
    ['event blank', { ...valid, event: '' }, 'invalid_field'],
    ['event a list', { ...valid, event: ['booking.confirmed'] }, 'invalid_field'],
  ])('%s', (_name, body, code) => {
    expect(refused(body)).toMatchObject({ code, field: 'event' });
  });

  it.each([
    ['an array', [valid]],
    ['a string', 'booking.confirmed'],
    ['null', null],
  ])('refuses %s as invalid_request', (_name, body) => {
    expect(refused(body)).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('Clarky webhook body') });
  });
});

describe('Clarky timestamps', () => {
  it.each([
    ['offset-less is UTC', '2026-03-03T15:01:09.012', '2026-03-03T15:01:09.012Z'],
    ['a numeric offset is converted', '2026-03-03T10:01:09-05:00', '2026-03-03T15:01:09.000Z'],
  ])('timestamp: %s, in occurred_at and data', (_name, timestamp, iso) => {
    const event = accepted({ ...valid, timestamp });
    expect(event.occurredAt).toBe(iso);
    expect(event.data.timestamp).toBe(iso);
    expect(event.warnings).toEqual([]);
  });

  it('uses the received time, with a warning, when timestamp is unreadable', () => {
    const event = accepted({ ...valid, timestamp: 'now' });
    expect(event.occurredAt).toBe(RECEIVED.toISOString());
    expect(event.data.timestamp).toBe('now');
    expect(event.warnings).toEqual(['`timestamp` is not a readable timestamp (got "now"); occurred_at is the received time.']);
  });

  it('uses the received time, silently, when timestamp is absent', () => {
    const { timestamp: _dropped, ...noTime } = valid;
    expect(accepted(noTime)).toMatchObject({ occurredAt: RECEIVED.toISOString(), warnings: [] });
  });

  it('normalizes nested timestamps such as booking.start_time', () => {
    const event = accepted({ ...valid, booking: { ...valid.booking, start_time: '2026-03-10T11:00:00-05:00' } });
    expect(event.data.booking).toMatchObject({ start_time: '2026-03-10T16:00:00.000Z' });
  });
});

describe('Clarky event names', () => {
  it('keeps `booking.canceled` verbatim with a warning pointing at `booking.cancelled`', () => {
    const event = accepted({ ...valid, event: 'booking.canceled' });
    expect(event.vendorEvent).toBe('booking.canceled');
    expect(event.warnings).toEqual([
      "`booking.canceled` looks like cataloged `booking.cancelled`; the event type keeps the vendor's spelling.",
    ]);
  });
});

describe('Clarky person', () => {
  it('falls back to booking.invitee when there is no contact', () => {
    const { contact: _dropped, ...noContact } = valid;
    expect(accepted(noContact).person).toEqual(ada);
  });

  it('falls back to the conversation (splitting `human`) when there is no contact', () => {
    expect(accepted(conversationStarted).person).toEqual({ ...ada, phone: null });
  });

  it('fills a part the contact lacks from the next source', () => {
    const event = accepted({ ...contactDeleted, booking: { invitee: { phone_number: '+15550000' } } });
    expect(event.person).toEqual({ ...ada, phone: '+15550000' });
  });

  it('picks the primary email and phone from the contact lists', () => {
    const contact = {
      first_name: 'Ada',
      emails: [{ email: 'old@example.com', is_primary: false }, { email: 'ada@example.com', is_primary: true }],
      phone_numbers: [{ phone_number: '+1999', is_primary: false }, { phone_number: '+14155550123', is_primary: true }],
    };
    expect(accepted({ event: 'contact.updated', contact }).person).toEqual({ ...ada, last_name: null });
  });

  it('gives a null person when nothing names anyone', () => {
    expect(accepted({ event: 'conversation.updated', agent: valid.agent }).person).toBeNull();
  });
});

describe('Clarky custom-template bodies', () => {
  const template = {
    event: 'conversation.bad_sentiment',
    timestamp: '2026-03-04 11:20:14',
    botId: '54eff0a3-e16d-4ebd-a26d-c12fe344e043',
    botName: 'Front Desk Assistant',
    conversationId: 'cv_01JNT2K8M4P6R8T0V2X4Z6B8D0',
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@example.com',
    phoneNumber: '+14155550123',
    sentimentScore: '22',
    sentimentSummary: 'Frustrated',
  };

  it('normalizes from `event` plus whatever fields are present', () => {
    expect(accepted(template)).toEqual({
      vendorEvent: 'conversation.bad_sentiment',
      occurredAt: '2026-03-04T11:20:14.000Z',
      person: ada,
      data: { ...template, timestamp: '2026-03-04T11:20:14.000Z', sentimentScore: 22 },
      warnings: ['`sentimentScore` arrived as "22"; kept as the number 22.'],
      dedupeKey: null,
    });
  });

  it('accepts a body that is only an event', () => {
    expect(accepted({ event: 'conversation.started' })).toMatchObject({ person: null, data: { event: 'conversation.started' } });
  });

  it('keeps a numeric conversationId as a string, Clarky\'s id type', () => {
    expect(accepted({ ...template, conversationId: 4812 }).data.conversationId).toBe('4812');
  });

  it('reads a blank sentimentScore (an unset placeholder) as null', () => {
    expect(accepted({ ...template, sentimentScore: '' }).data.sentimentScore).toBeNull();
  });
});

describe('Clarky sentiment_score is an integer 0-100', () => {
  const withScore = (sentiment_score: unknown) => ({ ...conversationUpdated, conversation: { ...conversationUpdated.conversation, sentiment_score } });

  it('coerces a digit string, with a warning', () => {
    const event = accepted(withScore('78'));
    expect(event.data.conversation).toMatchObject({ sentiment_score: 78 });
    expect(event.warnings).toEqual(['`conversation.sentiment_score` arrived as "78"; kept as the number 78.']);
  });

  it.each([
    ['out of range', 140],
    ['a float', 77.5],
    ['a digit string out of range', '140'],
    ['words', 'high'],
  ])('keeps %s as sent, with a warning', (_name, score) => {
    const event = accepted(withScore(score));
    expect(event.data.conversation).toMatchObject({ sentiment_score: score });
    expect(event.warnings).toHaveLength(1);
    expect(event.warnings[0]).toMatch(/^`conversation.sentiment_score` should be an integer 0-100/);
  });

  it.each([
    ['an integer', 22],
    ['null', null],
  ])('keeps %s silently', (_name, score) => {
    expect(accepted(withScore(score))).toMatchObject({ data: { conversation: { sentiment_score: score } }, warnings: [] });
  });
});
