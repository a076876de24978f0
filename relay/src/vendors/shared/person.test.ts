import { mergePeople, primaryValue, splitFullName, toPerson } from './person.js';

describe('splitFullName', () => {
  it.each([
    ['two words', 'Priya Natarajan', 'Priya', 'Natarajan'],
    ['one word is a first name only', 'Cher', 'Cher', null],
    ['the rest is the last name', 'Jean-Luc van der Berg', 'Jean-Luc', 'van der Berg'],
    ['extra whitespace collapses', '  Ada   Lovelace ', 'Ada', 'Lovelace'],
    ['blank gives nothing', '   ', null, null],
    ['a non-string gives nothing', 42, null, null],
  ])('%s', (_name, input, first, last) => {
    expect(splitFullName(input)).toEqual({ first_name: first, last_name: last });
  });
});

describe('primaryValue picks the primary entry of a vendor list', () => {
  it.each([
    ['the flagged primary, wherever it is', [{ email: 'a@x' }, { email: 'b@x', is_primary: true }], 'b@x'],
    ['the first usable entry when none is flagged', [{ email: 'a@x', is_primary: false }, { email: 'b@x' }], 'a@x'],
    ['skips a primary without a value', [{ email: '', is_primary: true }, { email: 'b@x' }], 'b@x'],
    ['plain strings count', ['a@x'], 'a@x'],
    ['trims', [{ email: ' a@x ' }], 'a@x'],
    ['an empty list gives null', [], null],
    ['a non-list gives null', { email: 'a@x' }, null],
  ])('%s', (_name, list, expected) => {
    expect(primaryValue(list, 'email')).toBe(expected);
  });
});

describe('toPerson', () => {
  it('trims and keeps the parts it is given', () => {
    expect(toPerson({ email: ' a@x ', first_name: 'Ada', last_name: 'Lovelace', phone: '+1' })).toEqual({
      email: 'a@x', first_name: 'Ada', last_name: 'Lovelace', phone: '+1',
    });
  });

  it('splits full_name when no name part is sent', () => {
    expect(toPerson({ full_name: 'Ada Lovelace' })).toEqual({ email: null, first_name: 'Ada', last_name: 'Lovelace', phone: null });
  });

  it('ignores full_name when a name part is sent', () => {
    expect(toPerson({ first_name: 'Ada', full_name: 'Augusta Ada King' })).toEqual({
      email: null, first_name: 'Ada', last_name: null, phone: null,
    });
  });

  it.each([
    ['nothing', {}],
    ['only blanks', { email: '', first_name: '  ' }],
    ['only non-strings', { email: 42, phone: false }],
  ])('gives null for %s', (_name, parts) => {
    expect(toPerson(parts)).toBeNull();
  });
});

describe('mergePeople', () => {
  const ada = { email: 'ada@x', first_name: 'Ada', last_name: null, phone: null };
  const invitee = { email: 'other@x', first_name: 'Ada', last_name: 'Lovelace', phone: '+1' };

  it('takes each part from the first candidate that knows it', () => {
    expect(mergePeople(ada, invitee)).toEqual({ email: 'ada@x', first_name: 'Ada', last_name: 'Lovelace', phone: '+1' });
  });

  it('skips null candidates', () => {
    expect(mergePeople(null, ada)).toEqual(ada);
  });

  it('gives null when no candidate knows anyone', () => {
    expect(mergePeople(null, null)).toBeNull();
  });
});
