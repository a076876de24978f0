import type { NormalizeResult } from '../types.js';
import { guardNormalize, MAX_EVENT_NAME_LENGTH, requireEventName, requireObject } from './result.js';

describe('requireObject', () => {
  it('passes a JSON object through', () => {
    expect(requireObject({ a: 1 }, 'Clarky', '{"event"}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it.each([
    ['an array', [], 'got an array'],
    ['a string', 'hello', 'got "hello"'],
    ['null', null, 'got null'],
    ['a number', 42, 'got number 42'],
  ])('refuses %s as invalid_request naming the expected shape', (_name, body, got) => {
    const result = requireObject(body, 'Clarky', '{"event", "timestamp", ...}');
    if (result.ok) throw new Error('accepted');
    expect(result.error.code).toBe('invalid_request');
    expect(result.error.message).toBe(`Expected the Clarky webhook body to be a JSON object {"event", "timestamp", ...}, ${got}.`);
  });
});

describe('requireEventName', () => {
  it('keeps the value verbatim', () => {
    expect(requireEventName({ event: ' booking.confirmed' }, 'event', 'why')).toEqual({ ok: true, value: ' booking.confirmed' });
  });

  it.each([
    ['absent', {}, 'missing_field', 'Missing `event`: Clarky sends {"event"}.'],
    ['null', { event: null }, 'missing_field', 'Missing `event`: Clarky sends {"event"}.'],
    ['a number', { event: 7 }, 'invalid_field', 'Expected `event` to be a non-empty string, got number 7.'],
    ['blank', { event: '  ' }, 'invalid_field', 'Expected `event` to be a non-empty string, got "  ".'],
  ])('refuses a field that is %s, naming it', (_name, body, code, message) => {
    const result = requireEventName(body, 'event', 'Clarky sends {"event"}');
    if (result.ok) throw new Error('accepted');
    expect(result.error).toMatchObject({ code, message, field: 'event' });
  });

  it('accepts a name of exactly the limit', () => {
    const event = 'x'.repeat(MAX_EVENT_NAME_LENGTH);
    expect(requireEventName({ event }, 'event', 'why')).toEqual({ ok: true, value: event });
  });

  it('refuses a longer name, since it is copied into `type` and `vendor_event`', () => {
    const result = requireEventName({ event: 'x'.repeat(5000) }, 'event', 'why');
    if (result.ok) throw new Error('accepted');
    expect(result.error).toMatchObject({ code: 'invalid_field', field: 'event' });
    expect(result.error.message).toMatch(/^Expected `event` to be an event name of at most 200 characters, got 5000 characters \("x{57}\.\.\."\)\.$/);
  });
});

describe('guardNormalize', () => {
  const ctx = { receivedAt: new Date('2026-03-03T15:01:09.250Z') };

  it('turns an exception into an internal refusal that leaks nothing', () => {
    const normalize = guardNormalize('Clarky', (): NormalizeResult => {
      throw new Error('secret detail');
    });
    const result = normalize({}, ctx);
    if (result.ok) throw new Error('accepted');
    expect(result.error.code).toBe('internal');
    expect(result.error.message).not.toContain('secret detail');
  });

  it('passes results through', () => {
    const value = { vendorEvent: 'x', occurredAt: 'y', person: null, data: {}, warnings: [], dedupeKey: null };
    expect(guardNormalize('Clarky', () => ({ ok: true, value }))({}, ctx)).toEqual({ ok: true, value });
  });

  it('caps the warnings of whatever the vendor code returns', () => {
    const warnings = Array.from({ length: 1000 }, (_, i) => `warning ${i}`);
    const value = { vendorEvent: 'x', occurredAt: 'y', person: null, data: {}, warnings, dedupeKey: null };
    const result = guardNormalize('Clarky', () => ({ ok: true, value }))({}, ctx);
    if (!result.ok) throw new Error('refused');
    expect(result.value.warnings).toHaveLength(20);
    expect(result.value.warnings.at(-1)).toMatch(/^…and 981 more warnings, not listed/);
  });
});
