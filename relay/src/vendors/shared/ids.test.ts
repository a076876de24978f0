import { coerceIntId, idToString } from './ids.js';

describe('coerceIntId keeps only unambiguous integers', () => {
  it.each([
    ['an integer stays', 48213577, 48213577],
    ['zero stays', 0, 0],
    ['a digit string becomes a number', '48213577', 48213577],
    ['"0" becomes 0', '0', 0],
    ['the largest safe integer string', '9007199254740991', 9007199254740991],
  ])('%s', (_name, input, expected) => {
    expect(coerceIntId(input)).toBe(expected);
  });

  it.each([
    ['leading zeros (would be lost)', '007'],
    ['a float', 4.5],
    ['a float string', '4.5'],
    ['a negative number', -3],
    ['a negative string', '-3'],
    ['surrounding spaces', ' 48213577 '],
    ['an empty string', ''],
    ['exponent notation', '1e6'],
    ['hex', '0x10'],
    ['past the safe integer range', '9007199254740993'],
    ['an unsafe integer number', 2 ** 53 + 2],
    ['a uuid', '7d3c1a52-9f0e-4c1b-8a57-2f6e0b9d4c11'],
    ['null', null],
    ['a boolean', true],
  ])('gives null for %s', (_name, input) => {
    expect(coerceIntId(input)).toBeNull();
  });
});

describe('idToString', () => {
  it.each([
    ['a string stays', 'bk_01JNQA3D', 'bk_01JNQA3D'],
    ['an integer becomes its text', 4812, '4812'],
    ['a float is not an id', 1.5, null],
    ['null is not an id', null, null],
  ])('%s', (_name, input, expected) => {
    expect(idToString(input)).toBe(expected);
  });
});
