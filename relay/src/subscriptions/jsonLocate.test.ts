import { locateJsonError } from './jsonLocate.js';

describe('locateJsonError', () => {
  it.each([
    '{}',
    '[]',
    ' {"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9\\"", {}]} ',
    '"just a string"',
    '0',
    '{"nested": {"deeper": [[[]]]}}',
  ])('finds nothing wrong in %p (and JSON.parse agrees)', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(locateJsonError(text)).toBeNull();
  });

  it.each<[string, number, RegExp]>([
    ['', 0, /expected a value/],
    ['{"a": }', 6, /expected a value/],
    ['{"a" 1}', 5, /expected `:`/],
    ['{"a": 1 "b": 2}', 8, /expected `,` or `}`/],
    ['[1 2]', 3, /expected `,` or `]`/],
    ['[1,]', 3, /expected a value/],
    ['{a: 1}', 1, /expected a string key/],
    ['"abc', 4, /unterminated string/],
    ['"a\\x"', 2, /invalid escape/],
    ['"a\tb"', 2, /control character/],
    ['01', 1, /unexpected text/],
    ['{} {}', 3, /unexpected text/],
    ['tru', 0, /expected a value/],
    ['-', 0, /expected a value/],
    ['1.', 1, /unexpected text/],
  ])('locates the problem in %p at offset %p (and JSON.parse refuses it too)', (text, offset, message) => {
    expect(() => JSON.parse(text)).toThrow();
    const problem = locateJsonError(text);
    expect(problem?.offset).toBe(offset);
    expect(problem?.message).toMatch(message);
  });

  it('refuses nesting deeper than 64 levels, which JSON.parse would take', () => {
    expect(locateJsonError('['.repeat(64) + ']'.repeat(64))).toBeNull();
    expect(locateJsonError('['.repeat(65) + ']'.repeat(65))).toEqual({ offset: 64, message: 'nested deeper than 64 levels' });
  });
});
