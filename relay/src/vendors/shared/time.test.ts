import { isCanonical, isoFromMs, parseIsoTimestamp, toIsoUtc } from './time.js';

describe('toIsoUtc reads every timestamp form the vendors send', () => {
  it.each([
    ['Z with milliseconds stays', '2026-03-03T15:01:09.012Z', '2026-03-03T15:01:09.012Z'],
    ['Z without milliseconds gains .000', '2026-02-11T16:42:07Z', '2026-02-11T16:42:07.000Z'],
    ['+00:00 offset becomes Z', '2026-03-03T14:23:59.799+00:00', '2026-03-03T14:23:59.799Z'],
    ['-05:00 offset is converted to UTC', '2026-03-03T11:23:59.799-05:00', '2026-03-03T16:23:59.799Z'],
    ['+05:30 offset is converted to UTC', '2026-03-03T20:30:00+05:30', '2026-03-03T15:00:00.000Z'],
    ['offset without colon (-0600)', '2026-03-03T17:30:00.000-0600', '2026-03-03T23:30:00.000Z'],
    ['hour-only offset (+02)', '2026-03-03T12:00:00+02', '2026-03-03T10:00:00.000Z'],
    ['offset crossing midnight changes the date', '2026-03-03T23:30:00-05:00', '2026-03-04T04:30:00.000Z'],
    ['offset-less is read as UTC', '2026-02-11T16:42:07', '2026-02-11T16:42:07.000Z'],
    ['space separator, offset-less, is UTC', '2026-03-03 14:24:05', '2026-03-03T14:24:05.000Z'],
    ['minutes only', '2026-03-03T14:24Z', '2026-03-03T14:24:00.000Z'],
    ['microseconds are truncated to milliseconds', '2026-03-03T14:24:05.123456Z', '2026-03-03T14:24:05.123Z'],
    ['one fraction digit', '2026-03-03T14:24:05.5Z', '2026-03-03T14:24:05.500Z'],
    ['lower-case t and z', '2026-03-03t14:24:05z', '2026-03-03T14:24:05.000Z'],
    ['surrounding spaces are ignored', ' 2026-03-03T14:24:05Z ', '2026-03-03T14:24:05.000Z'],
    ['Clarityflow epoch in the seconds slot uses the epoch', '2026-03-03 14:24:1772547853', '2026-03-03T14:24:13.000Z'],
    ['the vendor documentation example', '2022-04-01 14:23:1648823039', '2022-04-01T14:23:59.000Z'],
    ['the epoch wins over a disagreeing HH:MM', '2026-03-03 09:24:1772547853', '2026-03-03T14:24:13.000Z'],
    ['leap day in a leap year', '2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('%s', (_name, input, expected) => {
    expect(toIsoUtc(input)).toBe(expected);
  });

  it.each([
    ['a date without time', '2026-03-03'],
    ['February 30th', '2026-02-30T00:00:00Z'],
    ['February 29th in a common year', '2026-02-29T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['hour 24', '2026-03-03T24:00:00Z'],
    ['second 60', '2026-03-03T14:24:60Z'],
    ['offset hours past 23', '2026-03-03T14:24:00+24:00'],
    ['offset minutes past 59', '2026-03-03T14:24:00+01:60'],
    ['a named zone', '2026-03-03T14:24:00 EST'],
    ['free text', 'yesterday'],
    ['an empty string', ''],
    ['US date format', '03/03/2026 14:24'],
    ['a number (ambiguous seconds or milliseconds)', 1772547853],
    ['null', null],
    ['an object', { at: '2026-03-03T14:24:00Z' }],
    ['an epoch past year 9999', '2026-03-03 14:24:999999999999999'],
  ])('gives null for %s', (_name, input) => {
    expect(toIsoUtc(input)).toBeNull();
  });
});

describe('parseIsoTimestamp accepts ISO-8601 only', () => {
  it.each([
    ['offset form', '2026-03-03T11:23:59.799-05:00', '2026-03-03T16:23:59.799Z'],
    ['offset-less form, as UTC', '2026-03-03T11:23:59', '2026-03-03T11:23:59.000Z'],
  ])('reads the %s', (_name, input, expected) => {
    expect(parseIsoTimestamp(input)).toBe(expected);
  });

  it.each([
    ['the Clarityflow epoch quirk', '2026-03-03 14:24:1772547853'],
    ['a space separator', '2026-03-03 14:24:05Z'],
    ['a non-string', 1772547853],
  ])('refuses %s', (_name, input) => {
    expect(parseIsoTimestamp(input)).toBeNull();
  });
});

describe('isoFromMs', () => {
  it.each([
    [0, '1970-01-01T00:00:00.000Z'],
    [1772547853000, '2026-03-03T14:24:13.000Z'],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
    [8.64e15, null],
    [-8.64e15, null],
  ])('%s -> %s', (ms, expected) => {
    expect(isoFromMs(ms)).toBe(expected);
  });
});

describe('isCanonical', () => {
  /** The definition it replaces: what Date itself prints back. */
  const reference = (text: string): boolean => {
    const ms = Date.parse(text);
    return Number.isFinite(ms) && new Date(ms).toISOString() === text;
  };

  test.each([
    ['2026-11-23T20:57:49.123Z', true],
    ['2024-02-29T00:00:00.000Z', true],
    ['2000-02-29T23:59:59.999Z', true],
    ['1900-02-29T00:00:00.000Z', false],
    ['2026-02-29T00:00:00.000Z', false],
    ['2026-04-31T00:00:00.000Z', false],
    ['2026-13-01T00:00:00.000Z', false],
    ['2026-00-10T00:00:00.000Z', false],
    ['2026-11-00T00:00:00.000Z', false],
    ['2026-11-23T24:00:00.000Z', false],
    ['2026-11-23T23:60:00.000Z', false],
    ['2026-11-23T23:59:60.000Z', false],
    ['2026-11-23 20:57:49.123Z', false],
    ['2026-11-23T20:57:49.123+', false],
    ['2026-11-23T20:57:49Z', false],
    ['2026-1a-23T20:57:49.123Z', false],
  ])('%s is %s, as Date prints it', (text, expected) => {
    expect(isCanonical(text)).toBe(expected);
    expect(reference(text)).toBe(expected);
  });

  test('agrees with Date on 20,000 random instants and mutations of them', () => {
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 10_000; i++) {
      const text = new Date(Math.floor(random() * 253402300799999)).toISOString();
      expect(isCanonical(text)).toBe(true);
      const at = Math.floor(random() * 24);
      const mutated = text.slice(0, at) + String(Math.floor(random() * 10)) + text.slice(at + 1);
      expect(isCanonical(mutated)).toBe(reference(mutated));
    }
  });
});
