/**
 * Spelling variants of cataloged wire types. Vendors document their strings thinly (`canceled`
 * vs `cancelled`, `no-show` vs `no_show`, `Booking Confirmed`): the wire string is still kept
 * verbatim, but the event carries a warning pointing at the cataloged spelling.
 */

function canonical(wire: string): string {
  return wire.toLowerCase().replace(/canceled/g, 'cancelled').replace(/[^a-z0-9]/g, '');
}

/** The cataloged string `wire` is a variant of, or null when it is cataloged itself or unlike any. */
export function catalogedSpellingOf(wire: string, cataloged: readonly string[]): string | null {
  if (cataloged.includes(wire)) return null;
  const key = canonical(wire);
  return cataloged.find((entry) => canonical(entry) === key) ?? null;
}

/** `["`booking.canceled` looks like cataloged `booking.cancelled`; ..."]`, or `[]`. */
export function spellingWarnings(wire: string, cataloged: readonly string[]): string[] {
  const match = catalogedSpellingOf(wire, cataloged);
  return match === null ? [] : [`\`${wire}\` looks like cataloged \`${match}\`; the event type keeps the vendor's spelling.`];
}
