import { readFileSync } from 'node:fs';
import path from 'node:path';
import { vendorFixturesDir } from '../../../test/support/paths.js';
import type { Normalized, Person } from '../types.js';
import { clarityflow } from './index.js';
import { conversationCreated, messageCreated as valid } from './samples.js';

const RECEIVED = new Date('2026-03-03T15:01:09.250Z');
const read = (rel: string): unknown => JSON.parse(readFileSync(path.join(vendorFixturesDir, rel), 'utf8'));

function accepted(body: unknown): Normalized {
  const result = clarityflow.normalize(body, { receivedAt: RECEIVED });
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  return result.value;
}

function refused(body: unknown) {
  const result = clarityflow.normalize(body, { receivedAt: RECEIVED });
  if (result.ok) throw new Error('accepted');
  return result.error;
}

const person = (email: string | null, first_name: string | null, last_name: string | null): Person => ({ email, first_name, last_name, phone: null });
const jordan = person('jordan@northwindcoaching.example', 'Jordan', 'Reyes');
const priya = person('priya.natarajan@example.com', 'Priya', 'Natarajan');

describe('Clarityflow fixtures', () => {
  it.each([
    ['conversation_created', '2026-03-03T14:23:59.799Z', null, 'f6689254-9d5f-43b0-9de1-125a6ca639f1'],
    ['message_created', '2026-03-03T14:24:14.196Z', jordan, 'c6ec4301-8d97-4c53-8dff-06947ff750ca'],
    ['message_played', '2026-03-03T14:25:47.585Z', jordan, 'abfe656b-cb51-4540-af32-a8e8b954221b'],
    ['new_appointment', '2026-03-03T16:23:59.799Z', priya, '0b6f7d1e-52a4-4f0c-8c3e-9a7d5e2b1c40'],
    ['new_purchase', '2026-03-03T19:35:59.799Z', priya, '5e8a1c3d-7f29-4b6e-a0d4-1c9b8e7f6a52'],
    ['new_form_submission', '2026-03-04T14:26:59.799Z', priya, '9c2d4e6f-8a1b-4c3d-9e5f-7a6b5c4d3e21'],
    ['task_completed', '2026-03-05T15:23:59.799Z', person('priya.natarajan@example.com', null, null), '2a7b9c1d-3e4f-4a5b-8c6d-0e1f2a3b4c5d'],
  ])('%s: occurred_at %s, person, envelope id as dedupe key, no warnings', (type, occurredAt, who, id) => {
    const event = accepted(read(`clarityflow/${type}.json`));
    expect(event).toMatchObject({ vendorEvent: type, occurredAt, person: who, dedupeKey: id, warnings: [] });
  });

  it.each([
    ['conversation_created', 'conversation', 'created_at', '2026-03-03T14:23:59.000Z'],
    ['message_created', 'message', 'message_created_time', '2026-03-03T14:24:13.000Z'],
    ['message_played', 'message', 'message_created_time', '2026-03-01T18:02:59.000Z'],
    ['new_appointment', 'appointment', 'created_at', '2026-03-03T16:23:59.000Z'],
    ['new_appointment', 'appointment', 'start_time', '2026-03-10T20:00:00.000Z'],
    ['new_appointment', 'appointment', 'end_time', '2026-03-10T20:30:00.000Z'],
    ['new_purchase', 'purchase', 'created_at', '2026-03-03T19:35:59.000Z'],
    ['new_form_submission', 'form_submission', 'created_at', '2026-03-04T14:26:59.000Z'],
    ['task_completed', 'task', 'completed_at', '2026-03-05T15:23:59.000Z'],
  ])('%s: data.%s.%s becomes %s', (type, kind, key, iso) => {
    const data = accepted(read(`clarityflow/${type}.json`)).data;
    expect(data[kind]).toMatchObject({ [key]: iso });
  });

  it('message_created: data keeps the payload keys, adds conversation_slug, keeps everything else', () => {
    expect(accepted(valid).data).toEqual({
      message: {
        ...valid.payload.message,
        message_created_time: '2026-03-03T14:24:13.000Z',
        conversation_slug: 'march-3rd-2026-conversation',
      },
    });
  });

  it('bad/clarityflow_duplicate_delivery_a and _b share one dedupe key', () => {
    const a = accepted(read('bad/clarityflow_duplicate_delivery_a.json'));
    const b = accepted(read('bad/clarityflow_duplicate_delivery_b.json'));
    expect(a.dedupeKey).toBe('3d9f8e7a-6b5c-4d3e-8f1a-0b2c3d4e5f60');
    expect(b.dedupeKey).toBe(a.dedupeKey);
  });

  it('bad/clarityflow_missing_type: missing_field naming type', () => {
    expect(refused(read('bad/clarityflow_missing_type.json'))).toMatchObject({
      code: 'missing_field',
      field: 'type',
      message: 'Missing `type`: Clarityflow sends {"type", "id", "occurred_at", "payload"}.',
    });
  });

  it('bad/clarityflow_missing_id: missing_field naming id and the documented envelope', () => {
    expect(refused(read('bad/clarityflow_missing_id.json'))).toMatchObject({
      code: 'missing_field',
      field: 'id',
      message: 'Missing `id`: the documented Clarityflow envelope {"type", "id", "occurred_at", "payload"} always has one.',
    });
  });

  it('bad/clarityflow_occurred_at_not_iso: received time, with a warning naming the field and value', () => {
    const event = accepted(read('bad/clarityflow_occurred_at_not_iso.json'));
    expect(event.occurredAt).toBe(RECEIVED.toISOString());
    expect(event.warnings).toEqual([
      '`occurred_at` is not ISO-8601 (got "2026-03-03 14:24:1772547853"); occurred_at is the received time.',
    ]);
    expect(event.data.message).toMatchObject({ message_created_time: '2026-03-03T14:24:13.000Z' });
  });

  it('bad/clarityflow_unknown_type: accepted verbatim, person still read from the payload', () => {
    const event = accepted(read('bad/clarityflow_unknown_type.json'));
    expect(event).toMatchObject({ vendorEvent: 'conversation_archived', person: null, warnings: [] });
  });
});

describe('Clarityflow refuses an envelope that does not identify the event', () => {
  const { type: _type, ...noType } = valid;
  const { id: _id, ...noId } = valid;

  it.each([
    ['type missing', noType, 'missing_field', 'type'],
    ['type a number', { ...valid, type: 5 }, 'invalid_field', 'type'],
    ['type blank', { ...valid, type: ' ' }, 'invalid_field', 'type'],
    ['id missing', noId, 'missing_field', 'id'],
    ['id null', { ...valid, id: null }, 'missing_field', 'id'],
    ['id blank', { ...valid, id: '' }, 'invalid_field', 'id'],
    ['id an object', { ...valid, id: { uuid: 'x' } }, 'invalid_field', 'id'],
  ])('%s', (_name, body, code, field) => {
    expect(refused(body)).toMatchObject({ code, field });
  });

  it.each([
    ['an array', [valid]],
    ['a string', 'message_created'],
    ['null', null],
  ])('refuses %s as invalid_request', (_name, body) => {
    expect(refused(body)).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('{"type", "id", "occurred_at", "payload"}') });
  });
});

describe('Clarityflow quirks', () => {
  const message = valid.payload.message;
  const withMessage = (changes: Record<string, unknown>) => ({ ...valid, payload: { message: { ...message, ...changes } } });

  it('converts a -05:00 envelope offset to UTC', () => {
    expect(accepted({ ...valid, occurred_at: '2026-03-03T09:24:14.196-05:00' }).occurredAt).toBe('2026-03-03T14:24:14.196Z');
  });

  it('reads an offset-less envelope occurred_at as UTC', () => {
    expect(accepted({ ...valid, occurred_at: '2026-03-03T14:24:14.196' }).occurredAt).toBe('2026-03-03T14:24:14.196Z');
  });

  it('uses the received time, with a warning, when occurred_at is missing', () => {
    const { occurred_at: _dropped, ...noTime } = valid;
    const event = accepted(noTime);
    expect(event.occurredAt).toBe(RECEIVED.toISOString());
    expect(event.warnings).toEqual(['`occurred_at` is missing; occurred_at is the received time.']);
  });

  it('takes conversation_slug from message_url (`/c/<slug>#...`)', () => {
    const event = accepted(withMessage({ message_url: 'https://x.example/c/from-path#message-1', message_embed_url: null }));
    expect(event.data.message).toMatchObject({ conversation_slug: 'from-path' });
  });

  it('takes conversation_slug from message_embed_url when message_url has none', () => {
    const event = accepted(withMessage({ message_url: null }));
    expect(event.data.message).toMatchObject({ conversation_slug: 'march-3rd-2026-conversation' });
  });

  it('adds no conversation_slug when neither URL carries one', () => {
    const event = accepted(withMessage({ message_url: 'not a url', message_embed_url: 'https://x.example/embeds/1' }));
    expect(event.data.message).not.toHaveProperty('conversation_slug');
  });

  it('adds no conversation_slug longer than 200 characters, which would copy a large part of the URL', () => {
    // Found by reasoning after the property tests: the URL parser writes each `€` of a path as `%E2%82%AC`,
    // so a 240 KB body with 80,000 of them in message_url became a 960 KB event.
    const keys = (event: Normalized): string[] => Object.keys(event.data.message as Record<string, unknown>);
    const longPath = accepted(withMessage({ message_url: `https://x.example/c/${'€'.repeat(20_000)}`, message_embed_url: null }));
    expect(keys(longPath)).not.toContain('conversation_slug');
    const longQuery = accepted(withMessage({ message_url: null, message_embed_url: `https://x.example/e?conversation_slug=${'s'.repeat(201)}` }));
    expect(keys(longQuery)).not.toContain('conversation_slug');
    const atLimit = accepted(withMessage({ message_url: `https://x.example/c/${'s'.repeat(200)}`, message_embed_url: null }));
    expect(atLimit.data.message).toMatchObject({ conversation_slug: 's'.repeat(200) });
  });

  it('keeps a conversation_slug the vendor sends', () => {
    expect(accepted(withMessage({ conversation_slug: 'own-slug' })).data.message).toMatchObject({ conversation_slug: 'own-slug' });
  });

  it('coerces numeric-string payload ids to numbers, with a warning', () => {
    const event = accepted(withMessage({ id: '91730' }));
    expect(event.data.message).toMatchObject({ id: 91730 });
    expect(event.warnings).toEqual(['`payload.message.id` arrived as "91730"; kept as the number 91730.']);
  });

  it('keeps an unreadable payload timestamp as sent, with a warning', () => {
    const event = accepted(withMessage({ message_created_time: 'a while ago' }));
    expect(event.data.message).toMatchObject({ message_created_time: 'a while ago' });
    expect(event.warnings).toEqual(['`payload.message.message_created_time` is not a readable timestamp (got "a while ago"); kept as sent.']);
  });

  it('keeps a numeric envelope id as its text, with a warning', () => {
    const event = accepted({ ...valid, id: 77 });
    expect(event.dedupeKey).toBe('77');
    expect(event.warnings).toEqual(['`id` arrived as the number 77; kept as the string "77".']);
  });

  it('accepts a missing payload with empty data and a warning', () => {
    const { payload: _dropped, ...noPayload } = valid;
    expect(accepted(noPayload)).toMatchObject({ data: {}, person: null, warnings: ['`payload` is missing; data is empty.'] });
  });

  it('keeps a non-object payload under data.payload, with a warning', () => {
    expect(accepted({ ...valid, payload: [1, 2] })).toMatchObject({
      data: { payload: [1, 2] },
      warnings: ['`payload` is not a JSON object; kept as sent under `data.payload`.'],
    });
  });

  it('splits author full_name when first and last names are missing', () => {
    const author = { full_name: 'Jordan Reyes', email: 'jordan@northwindcoaching.example' };
    expect(accepted(withMessage({ author })).person).toEqual(jordan);
  });

  it.each([
    ['one subscriber is the person', ['priya.natarajan@example.com'], person('priya.natarajan@example.com', null, null)],
    ['several subscribers name no one', ['a@example.com', 'b@example.com'], null],
  ])('conversation: %s', (_name, subscriber_emails, who) => {
    const conversation = { ...conversationCreated.payload.conversation, subscriber_emails };
    const changed = { ...conversationCreated, payload: { conversation } };
    expect(accepted(changed).person).toEqual(who);
  });
});
