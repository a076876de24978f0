import type { NormalizeResult } from '../types.js';
import { neverThrows, requireObject, requireString } from './result.js';

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

describe('requireString', () => {
  it('keeps the value verbatim', () => {
    expect(requireString({ event: ' booking.confirmed' }, 'event', 'why')).toEqual({ ok: true, value: ' booking.confirmed' });
  });

  it.each([
    ['absent', {}, 'missing_field', 'Missing `event`: Clarky sends {"event"}.'],
    ['null', { event: null }, 'missing_field', 'Missing `event`: Clarky sends {"event"}.'],
    ['a number', { event: 7 }, 'invalid_field', 'Expected `event` to be a non-empty string, got number 7.'],
    ['blank', { event: '  ' }, 'invalid_field', 'Expected `event` to be a non-empty string, got "  ".'],
  ])('refuses a field that is %s, naming it', (_name, body, code, message) => {
    const result = requireString(body, 'event', 'Clarky sends {"event"}');
    if (result.ok) throw new Error('accepted');
    expect(result.error).toMatchObject({ code, message, field: 'event' });
  });
});

describe('neverThrows', () => {
  const ctx = { receivedAt: new Date('2026-03-03T15:01:09.250Z') };

  it('turns an exception into an internal refusal that leaks nothing', () => {
    const normalize = neverThrows('Clarky', (): NormalizeResult => {
      throw new Error('secret detail');
    });
    const result = normalize({}, ctx);
    if (result.ok) throw new Error('accepted');
    expect(result.error.code).toBe('internal');
    expect(result.error.message).not.toContain('secret detail');
  });

  it('passes results through', () => {
    const value = { vendorEvent: 'x', occurredAt: 'y', person: null, data: {}, warnings: [], dedupeKey: null };
    expect(neverThrows('Clarky', () => ({ ok: true, value }))({}, ctx)).toEqual({ ok: true, value });
  });
});
