import { lookupPath, parsePath } from './path.js';

describe('parsePath', () => {
  it.each<[string, string[]]>([
    ['data', ['data']],
    ['data.booking.status', ['data', 'booking', 'status']],
    ['data.items.0.name', ['data', 'items', '0', 'name']],
    ['data.customer_attributes.Study ID', ['data', 'customer_attributes', 'Study ID']],
    ['data.$weird-key', ['data', '$weird-key']],
  ])('reads %p', (text, expected) => {
    expect(parsePath(text)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['an empty path', ''],
    ['an empty segment', 'data..status'],
    ['a leading dot', '.data'],
    ['a trailing dot', 'data.'],
    ['a segment with an edge space', 'data. status'],
    ['a quote', 'data."x"'],
    ['a brace', 'data.{x}'],
    ['a backslash', 'data.a\\b'],
    ['a newline', 'data.a\nb'],
    ['17 segments', Array.from({ length: 17 }, () => 'a').join('.')],
    ['201 characters', 'a'.repeat(201)],
  ])('refuses %s', (_name, text) => {
    expect(parsePath(text)).toBeNull();
  });
});

describe('lookupPath', () => {
  const event = JSON.parse(
    '{"person": null, "data": {"booking": {"status": "confirmed"}, "items": [{"name": "a"}], "zero": 0, "__proto__": {"x": 1}}}',
  ) as unknown;

  it.each<[string, unknown]>([
    ['data.booking.status', 'confirmed'],
    ['data.items.0.name', 'a'],
    ['data.zero', 0],
    ['person', null],
    ['data.__proto__.x', 1],
  ])('finds %p', (path, expected) => {
    expect(lookupPath(event, path.split('.'))).toEqual(expected);
  });

  it.each<[string, string]>([
    ['a missing key', 'data.booking.missing'],
    ['a step through null', 'person.email'],
    ['a step through a string', 'data.booking.status.length'],
    ['an array length', 'data.items.length'],
    ['an index out of range', 'data.items.1'],
    ['a padded index', 'data.items.00'],
    ['an inherited constructor', 'data.booking.constructor'],
    ['an inherited __proto__', 'data.booking.__proto__'],
    ['an inherited toString', 'toString'],
  ])('returns undefined for %s', (_name, path) => {
    expect(lookupPath(event, path.split('.'))).toBeUndefined();
  });
});
