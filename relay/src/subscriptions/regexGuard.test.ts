import { findRegexHazard } from './regexGuard.js';

describe('findRegexHazard', () => {
  it.each([
    '^confirmed$',
    '@example\\.com$',
    '^\\d{3}-\\d{4}$',
    '(\\d{3}-){2}\\d{4}',
    '^(booking|contact)\\.',
    '(?:ab)+',
    '(a+)?b',
    '(a+)',
    '[(a+)+]',
    '\\(a+\\)+',
    '(?<year>\\d{4})-\\d{2}',
    '(?<=x)a+',
    'a+?b*',
  ])('lets %p through', (pattern) => {
    expect(findRegexHazard(pattern)).toBeNull();
  });

  it.each<[string, RegExp]>([
    ['(a+)+', /nested quantifiers/],
    ['^(a+)+$', /nested quantifiers/],
    ['(a*)*', /nested quantifiers/],
    ['(\\w+\\s?)*$', /nested quantifiers/],
    ['(?:x+y?)*', /nested quantifiers/],
    ['(a{2,})+', /nested quantifiers/],
    ['(a+){2,}', /nested quantifiers/],
    ['(a+){2,5}', /nested quantifiers/],
    ['((a+)?)+', /nested quantifiers/],
    ['((ab)*c)+', /nested quantifiers/],
    ['(?<word>\\w+)+', /nested quantifiers/],
    ['(a)\\1', /backreferences/],
    ['(?<q>a)\\k<q>', /backreferences/],
  ])('refuses %p', (pattern, reason) => {
    expect(findRegexHazard(pattern)).toMatch(reason);
  });
});
