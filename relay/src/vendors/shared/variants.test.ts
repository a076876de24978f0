import { catalogedSpellingOf, spellingWarnings } from './variants.js';

const CATALOG = ['booking.cancelled', 'booking.no_show', 'conversation.started'];

describe('catalogedSpellingOf', () => {
  it.each([
    ['American spelling', 'booking.canceled', 'booking.cancelled'],
    ['hyphen for underscore', 'booking.no-show', 'booking.no_show'],
    ['display name', 'Booking No Show', 'booking.no_show'],
    ['underscore for dot', 'conversation_started', 'conversation.started'],
    ['upper case', 'BOOKING.CANCELLED', 'booking.cancelled'],
  ])('matches a %s', (_name, wire, expected) => {
    expect(catalogedSpellingOf(wire, CATALOG)).toBe(expected);
  });

  it.each([
    ['a cataloged string itself', 'booking.cancelled'],
    ['an unrelated string', 'conversation.deleted'],
    ['a prefix', 'booking.cancel'],
  ])('gives null for %s', (_name, wire) => {
    expect(catalogedSpellingOf(wire, CATALOG)).toBeNull();
  });
});

describe('spellingWarnings', () => {
  it('names the wire string and the cataloged one', () => {
    expect(spellingWarnings('booking.canceled', CATALOG)).toEqual([
      "`booking.canceled` looks like cataloged `booking.cancelled`; the event type keeps the vendor's spelling.",
    ]);
  });

  it('is empty for unknown types that resemble nothing', () => {
    expect(spellingWarnings('conversation.deleted', CATALOG)).toEqual([]);
  });
});
