import { AppError } from '../errors.js';
import { canonicalPatterns, matches, sameEventSet, validatePatterns, type PatternsInput } from './patterns.js';

describe('matches', () => {
  it.each<[string[], string, boolean]>([
    [['*'], 'clockwork.invitation_sent', true],
    [['*'], 'clarky.something.uncataloged', true],
    [['clarky.*'], 'clarky.booking.confirmed', true],
    [['clarky.*'], 'clarky.brand_new', true],
    [['clarky.*'], 'clarityflow.new_purchase', false],
    [['clockwise_md.*'], 'clockwork.invitation_sent', false],
    [['clockwork.*'], 'clockwise_md.checkin', false],
    [['clockwise_md.checkin'], 'clockwise_md.checkin', true],
    [['clockwise_md.checkin'], 'clockwise_md.undo_checkin', false],
    [['clarky.booking.confirmed'], 'clarky.booking.confirmed', true],
    [['clarky.booking.confirmed'], 'clarky.booking', false],
    [['clarky.booking.created', 'clockwork.*'], 'clockwork.invitation_sent', true],
    [[], 'clarky.booking.created', false],
  ])('%p covers %p: %p', (patterns, type, expected) => {
    expect(matches(patterns, type)).toBe(expected);
  });
});

describe('validatePatterns', () => {
  it.each<[string, PatternsInput, string[]]>([
    ['event_types as given', { event_types: ['clarky.booking.confirmed', 'clockwork.*'] }, ['clarky.booking.confirmed', 'clockwork.*']],
    ['a Zapier-style event', { event: 'clarityflow.new_purchase' }, ['clarityflow.new_purchase']],
    ['both, as their union', { event: 'clarky.*', event_types: ['*'] }, ['clarky.*', '*']],
    ['the wildcard', { event_types: ['*'] }, ['*']],
    ['an uncataloged type of a known vendor', { event_types: ['clarky.invoice.paid'] }, ['clarky.invoice.paid']],
    ['duplicates, once', { event_types: ['clarky.*', 'clarky.*'] }, ['clarky.*']],
    ['a null event beside event_types', { event: null, event_types: ['*'] }, ['*']],
  ])('accepts %s', (_name, input, expected) => {
    expect(validatePatterns(input)).toEqual(expected);
  });

  it.each<[string, PatternsInput, string, RegExp]>([
    ['nothing', {}, 'event_types', /Missing `event_types`/],
    ['an empty event_types', { event_types: [] }, 'event_types', /got 0 entries/],
    ['event_types as a string', { event_types: 'clarky.*' }, 'event_types', /Expected `event_types` to be an array/],
    ['101 entries', { event_types: Array.from({ length: 101 }, () => '*') }, 'event_types', /got 101 entries/],
    ['a number entry', { event_types: ['*', 7] }, 'event_types[1]', /Expected `event_types\[1\]` to be .*got number 7/],
    ['an unknown vendor', { event_types: ['calendly.*'] }, 'event_types[0]', /"calendly" is not a vendor/],
    ['a vendor in the wrong case', { event_types: ['Clarky.*'] }, 'event_types[0]', /"Clarky" is not a vendor/],
    ['a bare vendor', { event_types: ['clarky'] }, 'event_types[0]', /event after `clarky.` is missing/],
    ['a vendor and a dot', { event_types: ['clarky.'] }, 'event_types[0]', /event after `clarky.` is missing/],
    ['a space inside', { event_types: ['clarky.booking confirmed'] }, 'event_types[0]', /the event part may hold/],
    ['an inner wildcard', { event_types: ['clarky.booking.*'] }, 'event_types[0]', /the event part may hold/],
    ['an empty inner part', { event_types: ['clarky.booking..confirmed'] }, 'event_types[0]', /the event part may hold/],
    ['a padded pattern', { event_types: [' clarky.*'] }, 'event_types[0]', /is not a vendor/],
    ['an event that is not a string', { event: 5 }, 'event', /Expected `event` to be/],
  ])('refuses %s, naming the field', (_name, input, field, message) => {
    const result = validatePatterns(input);
    expect(result).toBeInstanceOf(AppError);
    expect(result).toMatchObject({ status: 400, field });
    expect((result as AppError).message).toMatch(message);
  });
});

describe('canonicalPatterns and sameEventSet', () => {
  it.each<[string[], string[]]>([
    [['clockwork.*', 'clarky.booking.created'], ['clarky.booking.created', 'clockwork.*']],
    [['clarky.*', 'clarky.booking.created'], ['clarky.*']],
    [['clarky.booking.created', '*', 'clockwork.*'], ['*']],
    [['clarky.x', 'clarky.x'], ['clarky.x']],
  ])('reduces %p to %p', (input, expected) => {
    expect(canonicalPatterns(input)).toEqual(expected);
  });

  it.each<[string[], string[], boolean]>([
    [['clarky.*', 'clockwork.*'], ['clockwork.*', 'clarky.*'], true],
    [['clarky.*', 'clarky.booking.created'], ['clarky.*'], true],
    [['*'], ['*', 'clarky.*'], true],
    [['clarky.*'], ['clarky.booking.created'], false],
    [['clarky.booking.created'], ['clarky.booking.created', 'clarky.booking.cancelled'], false],
  ])('says %p and %p select the same events: %p', (a, b, expected) => {
    expect(sameEventSet(a, b)).toBe(expected);
  });
});
