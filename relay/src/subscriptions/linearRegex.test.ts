import { compileLinearRegex, MAX_SUBJECT_CHARS, type LinearRegex } from './linearRegex.js';

function compiled(source: string, options = ''): LinearRegex {
  const result = compileLinearRegex(source, options);
  if ('problem' in result) throw new Error(result.problem);
  return result;
}

describe('compileLinearRegex', () => {
  it.each<[string, string, string, string, boolean]>([
    ['an unanchored search', 'urgent', '', 'this is urgent!', true],
    ['anchors', '^ada$', '', 'ada', true],
    ['case-sensitive by default', '^ada$', '', 'Ada', false],
    ['`i`', '^ada$', 'i', 'ADA', true],
    ['`m`: ^ at each line', '^two', 'm', 'one\ntwo', true],
    ['without `m`: ^ at the start only', '^two', '', 'one\ntwo', false],
    ['`s`: . crosses lines', 'a.b', 's', 'a\nb', true],
    ['without `s`: . stops at a line end', 'a.b', '', 'a\nb', false],
    ['classes and escapes', '\\d{3}-\\w+@example\\.com', '', 'x 555-ada@example.com', true],
    ['named groups', '(?<user>\\w+)@', '', 'ada@example.com', true],
  ])('keeps $regex semantics: %s', (_name, source, options, subject, expected) => {
    expect(compiled(source, options).test(subject)).toBe(expected);
  });

  // JavaScript's RegExp takes minutes (or forever) on each of these; RE2 is linear in the subject.
  it.each([
    ['(.|\\s)*urgent', ' '.repeat(50_000)],
    ['^(a|a)*$', `${'a'.repeat(50_000)}b`],
    ['^(a+)+$', `${'a'.repeat(50_000)}!`],
    ['(\\w*\\s?){2,}x', 'word '.repeat(10_000)],
  ])('runs %s on a hostile subject in linear time', (source, subject) => {
    const started = performance.now();
    expect(compiled(source).test(subject)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it(`looks at the first ${MAX_SUBJECT_CHARS} characters of a subject only`, () => {
    const regex = compiled('needle');
    expect(regex.test(`${'x'.repeat(MAX_SUBJECT_CHARS - 6)}needle`)).toBe(true);
    expect(regex.test(`${'x'.repeat(MAX_SUBJECT_CHARS)}needle`)).toBe(false);
  });

  it('never throws: an unreadable pattern is a problem, not an exception', () => {
    for (const source of ['(', '[', '\\', '*', 'a{2,1}', '(?P<', '\\p{Nope}']) {
      expect(compileLinearRegex(source, '')).toHaveProperty('problem', expect.stringMatching(/not a valid regular expression|does not support/));
    }
  });
});
