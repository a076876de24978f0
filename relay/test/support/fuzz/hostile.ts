/**
 * Hostile JSON values and keys: the shapes a careless or malicious sender can put anywhere in a
 * body. Sizes stay small by default so thousands of cases run in seconds; `bigValue` and
 * `bigKey` are the rare large ones (huge keys and strings, long arrays).
 */
import fc from 'fast-check';

/** Keys that mean something to JavaScript objects, or to the path syntax of warnings. */
const TRICKY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', 'a.b', '[0]', '`', '\u0000', '😀', 'é', '\u202e'];

/** Strings that look like what vendors send in typed fields: ids, timestamps, scores, emails, URLs. */
const LOOKALIKES = [
  '0', '007', '42', ' 42 ', '-1', '1.5', '1e3', '9007199254740993', '48213577', 'NaN', 'Infinity', 'true', 'null',
  '2026-03-03 14:24:1772547853', '2026-03-03T14:24:05', '2026-03-03T14:24:05.123456789+05:30', '2026-02-30T00:00:00Z',
  '0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999-23:59', '2026-03-03T24:00:00Z', '2026-03-03 14:24:99999999999999999999',
  'soon', '', '   ', '\t\n', 'ada@example.com', ' Ada  Lovelace ', 'Cher', '+14155550123',
  'https://clarityflow.example/c/slug-1#message-1', 'https://x.example/embed?conversation_slug=s%20lug',
  'https://x.example/c/€😀é/x', 'https://x.example/c/%E2%82%AC', 'http://[::1]:99999/c/a', 'not a url',
];

const numbers = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 1e20, 1e21, 1e-7, 100, 101, 5e-324),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const strings = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...LOOKALIKES) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 53 }).map(String) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace('T', ' ').slice(0, 19)) },
);

/** A key: mostly the vendor's own (so ids, timestamps and person fields are hit), sometimes a tricky one. */
export function hostileKey(vendorKeys: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...vendorKeys) },
    { weight: 2, arbitrary: fc.constantFrom(...TRICKY_KEYS) },
    { weight: 1, arbitrary: fc.constantFrom(...vendorKeys).map((k) => `${k}_id`) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  );
}

/** A scalar or a small structure of any JSON type: the "wrong type" for whatever field it lands in. */
export function hostileValue(vendorKeys: readonly string[]): fc.Arbitrary<unknown> {
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 4, arbitrary: strings },
      { weight: 2, arbitrary: numbers },
      { weight: 1, arbitrary: fc.constantFrom(null, true, false) },
      { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
      { weight: 1, arbitrary: fc.dictionary(hostileKey(vendorKeys), tie('value'), { maxKeys: 4 }) },
      { weight: 1, arbitrary: fc.array(fc.record({ email: strings, is_primary: fc.boolean() }), { maxLength: 3 }) },
    ),
  }));
  return value;
}

/** Rare large values: a long string (maybe of multi-byte or escaped characters), a long array of one repeated shape. */
export function bigValue(vendorKeys: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.tuple(fc.constantFrom('x', 'é', '😀', '\u0001', '"', ' '), fc.integer({ min: 1000, max: 60_000 })).map(([c, n]) => c.repeat(n)),
    fc.tuple(fc.constantFrom('https://x.example/c/', 'Ada ', ''), fc.constantFrom('€', 'a b', '%'), fc.integer({ min: 1000, max: 20_000 }))
      .map(([prefix, c, n]) => prefix + c.repeat(n)),
    fc.tuple(hostileKey(vendorKeys), hostileValue(vendorKeys), fc.integer({ min: 100, max: 5000 }))
      .map(([key, value, n]) => Array.from({ length: n }, () => ({ [key]: value }))),
  );
}

/** A huge key, the first half of the reported attack. */
export function bigKey(): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom('k', 'é', '😀', '\u0001', '.'), fc.integer({ min: 200, max: 5000 })).map(([c, n]) => c.repeat(n));
}
