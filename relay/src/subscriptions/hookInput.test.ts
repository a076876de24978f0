import { AppError } from '../errors.js';
import type { HookRecord } from '../store/types.js';
import { newHookRecord, parseHookCreate, parseHookPatch, sampleEventFor, type HookInputContext } from './hookInput.js';
import { hookRecord } from './hooksTesting.js';

const ctx: HookInputContext = { targetPolicy: 'private', sourceExists: (id) => id === 'src_a' };
const VALID = { target_url: 'https://hooks.zapier.com/hooks/standard/1/abc/', event: 'clarky.booking.confirmed' };

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('parseHookCreate', () => {
  it('fills the defaults around the two required fields', () => {
    expect(parseHookCreate(VALID, ctx)).toEqual({
      target_url: VALID.target_url,
      event_types: ['clarky.booking.confirmed'],
      source_id: null,
      name: null,
      description: null,
      http_method: 'POST',
      auth: { type: 'none' },
      retry_enabled: true,
      retry_attempts: 3,
      retry_schedule: null,
      filter: null,
      payload_template: null,
      active: true,
      disabled_reason: null,
      disabled_at: null,
    });
  });

  it('takes every field', () => {
    const body = {
      target_url: 'http://localhost:5678/webhook/x',
      event_types: ['clarky.booking.created', 'clarky.*', 'clockwork.invitation_sent'],
      event: 'clarky.booking.cancelled',
      source_id: 'src_a',
      name: '  Front desk  ',
      description: 'n8n workflow',
      http_method: 'put',
      auth: { type: 'header', name: 'X-Api-Key', value: 'k' },
      retry_enabled: false,
      retry_schedule: [5, 30],
      filter: { 'data.booking.status': 'confirmed' },
      payload_template: '{"text": "{{person.first_name}} booked"}',
      active: false,
    };
    expect(parseHookCreate(body, ctx)).toMatchObject({
      event_types: ['clarky.*', 'clockwork.invitation_sent'],
      source_id: 'src_a',
      name: 'Front desk',
      http_method: 'PUT',
      retry_enabled: false,
      retry_attempts: 3,
      retry_schedule: [5, 30],
      filter: body.filter,
      payload_template: body.payload_template,
      active: false,
    });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['no target_url', { target_url: undefined }, 'missing_field', 'target_url'],
    ['a target_url that is not a URL', { target_url: 'n8n/webhook' }, 'invalid_target_url', 'target_url'],
    ['an ftp:// target_url', { target_url: 'ftp://example.com/in' }, 'invalid_target_url', 'target_url'],
    ['a target_url with credentials', { target_url: 'https://user:pw@example.com/in' }, 'invalid_target_url', 'target_url'],
    ['a link-local target_url', { target_url: 'http://169.254.169.254/latest/meta-data' }, 'invalid_target_url', 'target_url'],
    ['a numeric target_url', { target_url: 42 }, 'invalid_field', 'target_url'],
    ['no event type at all', { event: undefined }, 'missing_field', 'event_types'],
    ['an unknown vendor', { event: 'calendly.booked' }, 'invalid_field', 'event'],
    ['a bad entry in event_types', { event_types: ['clarky.*', 'nope'] }, 'invalid_field', 'event_types[1]'],
    ['a source that does not exist', { source_id: 'src_gone' }, 'invalid_field', 'source_id'],
    ['a numeric source_id', { source_id: 7 }, 'invalid_field', 'source_id'],
    ['a name over 200 characters', { name: 'n'.repeat(201) }, 'invalid_field', 'name'],
    ['a description over 2000 characters', { description: 'd'.repeat(2001) }, 'invalid_field', 'description'],
    ['GET as http_method', { http_method: 'GET' }, 'invalid_field', 'http_method'],
    ['a bad auth', { auth: { type: 'bearer' } }, 'missing_field', 'auth.token'],
    ['a reserved auth header', { auth: { type: 'header', name: 'Webhook-Signature', value: 'v' } }, 'invalid_field', 'auth.name'],
    ['a string retry_enabled', { retry_enabled: 'yes' }, 'invalid_field', 'retry_enabled'],
    ['retry_attempts 6', { retry_attempts: 6 }, 'invalid_field', 'retry_attempts'],
    ['retry_attempts 0', { retry_attempts: 0 }, 'invalid_field', 'retry_attempts'],
    ['a zero delay in retry_schedule', { retry_schedule: [60, 0] }, 'invalid_field', 'retry_schedule[1]'],
    ['an unknown filter operator', { filter: { 'data.x': { $like: 'a%' } } }, 'invalid_field', 'filter["data.x"].$like'],
    ['an array filter', { filter: [] }, 'invalid_field', 'filter'],
    ['a template that is not JSON', { payload_template: '{"text": {{person.first_name}}' }, 'invalid_field', 'payload_template'],
    ['a template that is not a string', { payload_template: { text: 'hi' } }, 'invalid_field', 'payload_template'],
    ['a string active', { active: 'true' }, 'invalid_field', 'active'],
    ['an unknown field', { colour: 'red' }, 'invalid_field', 'colour'],
    ['a given secret', { secret: 'whsec_mine' }, 'invalid_field', 'secret'],
    ['a given id', { id: 'hook_mine' }, 'invalid_field', 'id'],
  ])('refuses %s, naming the field', (_name, change, code, field) => {
    expect(refusal(() => parseHookCreate({ ...VALID, ...change }, ctx))).toMatchObject({ code, field });
  });

  it('refuses a body that is not an object', () => {
    expect(refusal(() => parseHookCreate(['x'], ctx))).toMatchObject({ code: 'invalid_request' });
  });

  it('refuses loopback targets only under public-only', () => {
    const body = { ...VALID, target_url: 'http://127.0.0.1:5678/webhook/x' };
    expect(parseHookCreate(body, ctx).target_url).toBe(body.target_url);
    expect(refusal(() => parseHookCreate(body, { ...ctx, targetPolicy: 'public-only' }))).toMatchObject({ code: 'invalid_target_url' });
  });

  it('reads auth: null as no auth', () => {
    expect(parseHookCreate({ ...VALID, auth: null }, ctx).auth).toEqual({ type: 'none' });
  });
});

describe('newHookRecord', () => {
  it('draws a hook id and a whsec_ secret, and stamps both times', () => {
    const now = new Date('2026-03-03T10:00:00.000Z');
    const record = newHookRecord(parseHookCreate(VALID, ctx), now);
    expect(record.id).toMatch(/^hook_[0-9A-Z]{26}$/);
    expect(record.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(record).toMatchObject({ created_at: now.toISOString(), updated_at: now.toISOString() });
    expect(newHookRecord(parseHookCreate(VALID, ctx), now).secret).not.toBe(record.secret);
  });
});

describe('sampleEventFor', () => {
  it.each<[string[], RegExp]>([
    [['clarky.booking.cancelled'], /^clarky\.booking\.cancelled$/],
    [['clockwise_md.*'], /^clockwise_md\./],
    [['clarky.invoice.paid'], /^clarky\./],
    [['*'], /\./],
  ])('for %p picks a sample of type %p', (patterns, type) => {
    expect(sampleEventFor(patterns).type).toMatch(type);
  });
});

describe('parseHookPatch', () => {
  const stored: HookRecord = hookRecord({ source_id: 'src_old', retry_schedule: [10, 20], retry_attempts: 3 });
  const patch = (body: unknown, existing: HookRecord = stored): ReturnType<typeof parseHookPatch> => parseHookPatch(body, existing, ctx);

  it('returns only the fields sent', () => {
    expect(patch({ name: 'Renamed' })).toEqual({ name: 'Renamed' });
    expect(patch({})).toEqual({});
  });

  it('replaces the event set in canonical form', () => {
    expect(patch({ event_types: ['clarky.booking.created', '*'] })).toEqual({ event_types: ['*'] });
  });

  it('clears filter, template, name and source with null', () => {
    expect(patch({ filter: null, payload_template: null, name: null, source_id: null })).toEqual({
      filter: null,
      payload_template: null,
      name: null,
      source_id: null,
    });
  });

  it('clears disabled_reason and disabled_at when switched back on', () => {
    const disabled = hookRecord({ active: false, disabled_reason: '20 failed deliveries in a row', disabled_at: '2026-03-02T00:00:00.000Z' });
    expect(patch({ active: true }, disabled)).toEqual({ active: true, disabled_reason: null, disabled_at: null });
    expect(patch({ active: false }, disabled)).toEqual({ active: false });
  });

  it('keeps the masked auth secret and the stored source on a round trip of the view', () => {
    const { secret: _secret, ...view } = { ...stored, auth: { type: 'bearer', token: '••••cdef' } };
    const result = patch({ ...view, name: 'Edited' });
    expect(result.auth).toEqual(stored.auth);
    expect(result).toMatchObject({ name: 'Edited', source_id: 'src_old', target_url: stored.target_url });
  });

  it('refuses a changed read-only field', () => {
    expect(refusal(() => patch({ id: 'hook_other' }))).toMatchObject({ field: 'id' });
    expect(refusal(() => patch({ created_at: '2020-01-01T00:00:00.000Z' }))).toMatchObject({ field: 'created_at' });
  });

  it('merges retry fields over the stored ones', () => {
    expect(patch({ retry_enabled: false })).toEqual({ retry_enabled: false, retry_attempts: 3, retry_schedule: [10, 20] });
    expect(patch({ retry_schedule: null })).toEqual({ retry_enabled: true, retry_attempts: 3, retry_schedule: null });
    expect(patch({ retry_schedule: null, retry_attempts: 5 })).toEqual({ retry_enabled: true, retry_attempts: 5, retry_schedule: null });
  });

  it('caps the attempt count kept when a long schedule is cleared', () => {
    const long = hookRecord({ retry_schedule: [1, 2, 3, 4, 5, 6, 7], retry_attempts: 8 });
    expect(patch({ retry_schedule: null }, long)).toMatchObject({ retry_attempts: 5, retry_schedule: null });
  });

  it('refuses retry_attempts alone on a hook whose schedule decides them', () => {
    expect(refusal(() => patch({ retry_attempts: 5 }))).toMatchObject({ field: 'retry_attempts' });
    expect(patch({ retry_attempts: 3 })).toMatchObject({ retry_schedule: [10, 20] });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a null target_url', { target_url: null }, 'target_url'],
    ['an empty event_types', { event_types: [] }, 'event_types'],
    ['a null event alone', { event: null }, 'event_types'],
    ['a retry_schedule of 11 entries', { retry_schedule: Array.from({ length: 11 }, () => 1) }, 'retry_schedule'],
    ['a bad template', { payload_template: '{"a": }' }, 'payload_template'],
    ['a $regex the linear-time engine cannot run', { filter: { 'data.x': { $regex: '(?=a)a' } } }, 'filter["data.x"].$regex'],
  ])('refuses %s', (_name, body, field) => {
    expect(refusal(() => patch(body))).toMatchObject({ field });
  });
});
