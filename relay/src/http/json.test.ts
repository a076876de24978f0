import { nestingDepth, parseJsonBody } from './json.js';

describe('nestingDepth', () => {
  test.each([
    [1, 0],
    [null, 0],
    [{}, 1],
    [[], 1],
    [{ a: { b: [1, [2]] } }, 4],
    [[[], [[[]]], {}], 4],
  ])('%j is %i deep', (value, depth) => {
    expect(nestingDepth(value, 100)).toBe(depth);
  });

  test('stops one past the limit', () => {
    const deep = JSON.parse('['.repeat(50) + ']'.repeat(50)) as unknown;
    expect(nestingDepth(deep, 8)).toBe(9);
  });
});

describe('parseJsonBody', () => {
  const body = (text: string): Buffer => Buffer.from(text, 'utf8');

  test('accepts nesting at the limit and refuses one level more', () => {
    expect(parseJsonBody(body(`{"x":${'['.repeat(7)}${']'.repeat(7)}}`), 8)).toEqual({ x: [[[[[[[]]]]]]] });
    expect(() => parseJsonBody(body(`{"x":${'['.repeat(8)}${']'.repeat(8)}}`), 8)).toThrow(/deeper than the limit of 8/);
  });

  test('a million levels are refused as too deep, without overflowing the stack', () => {
    const text = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    expect(() => parseJsonBody(body(text), 32)).toThrow(expect.objectContaining({ code: 'too_deep' }));
  });

  test('prototype keys and broken JSON are refused with a reason', () => {
    expect(() => parseJsonBody(body('{"__proto__":{"x":1}}'), 8)).toThrow(/forbidden "__proto__"/);
    expect(() => parseJsonBody(body('{"a":'), 8)).toThrow(expect.objectContaining({ code: 'invalid_json' }));
    expect(() => parseJsonBody(body('<html>'), 8)).toThrow(/HTML page/);
  });
});
