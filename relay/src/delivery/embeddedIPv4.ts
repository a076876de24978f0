/**
 * The IPv4 addresses an IPv6 address stands for, so that the target policy judges a tunnelled or
 * translated form (`[::a9fe:a9fe]`, `[64:ff9b::a9fe:a9fe]`, ...) as the IPv4 address it reaches.
 *
 * Forms read (each names where the IPv4 address sits):
 * - IPv4-compatible `::a.b.c.d` (RFC 4291, deprecated; Linux's `sit0` still tunnels it), except
 *   `::` and `::1`, which are the IPv6 unspecified and loopback addresses.
 * - IPv4-mapped `::ffff:a.b.c.d`: `ipaddr.process` already turns these into IPv4.
 * - SIIT `::ffff:0:a.b.c.d` (RFC 6145).
 * - NAT64 well-known `64:ff9b::/96`; local-use `64:ff9b:1::/48` (RFC 8215) at every prefix length
 *   RFC 6052 allows for it, since the network's choice is unknown here.
 * - 6to4 `2002:AABB:CCDD::/48` (RFC 3056).
 * - Teredo `2001:0::/32` (RFC 4380): the server (bits 32-63) and the client, stored inverted in the
 *   low 32 bits.
 * - ISATAP interface identifiers `…:0:5efe:a.b.c.d` / `…:200:5efe:a.b.c.d` (RFC 5214) under any
 *   prefix: an ISATAP host reaches them through the embedded IPv4 address.
 *
 * `translated` is true when the IPv6 address is nothing but a way to reach the IPv4 address, so
 * its own IPv6 range says nothing more (NAT64 to a public address is fine under `public-only`).
 * Teredo and ISATAP are not: the IPv6 address is judged as well.
 */
import ipaddr from 'ipaddr.js';

export interface EmbeddedIPv4 {
  readings: ipaddr.IPv4[];
  translated: boolean;
}

const WELL_KNOWN_NAT64 = ipaddr.parseCIDR('64:ff9b::/96');
/** RFC 6052 byte positions of the IPv4 address for each prefix length a /48 local-use prefix allows. */
const LOCAL_NAT64_LAYOUTS = [
  [6, 7, 9, 10],
  [7, 9, 10, 11],
  [9, 10, 11, 12],
  [12, 13, 14, 15],
];
const LOW_32 = [12, 13, 14, 15];
const NONE: EmbeddedIPv4 = { readings: [], translated: false };

function isIPv4Compatible(bytes: readonly number[]): boolean {
  const upperZero = bytes.slice(0, 12).every((b) => b === 0);
  const lowIsZeroOrOne = bytes.slice(12, 15).every((b) => b === 0) && (bytes[15] ?? 0) <= 1;
  return upperZero && !lowIsZeroOrOne;
}

function isIsatap(bytes: readonly number[]): boolean {
  return (bytes[8] === 0x00 || bytes[8] === 0x02) && bytes[9] === 0x00 && bytes[10] === 0x5e && bytes[11] === 0xfe;
}

/** Never throws. */
export function embeddedIPv4(address: ipaddr.IPv6): EmbeddedIPv4 {
  const bytes = address.toByteArray();
  const pick = (positions: readonly number[], invert = false): ipaddr.IPv4 =>
    new ipaddr.IPv4(positions.map((at) => (invert ? ~(bytes[at] ?? 0) & 0xff : (bytes[at] ?? 0))));
  if (isIPv4Compatible(bytes)) return { readings: [pick(LOW_32)], translated: true };
  switch (address.range()) {
    case 'rfc6052':
      return { readings: address.match(WELL_KNOWN_NAT64) ? [pick(LOW_32)] : LOCAL_NAT64_LAYOUTS.map((at) => pick(at)), translated: true };
    case 'rfc6145':
      return { readings: [pick(LOW_32)], translated: true };
    case '6to4':
      return { readings: [pick([2, 3, 4, 5])], translated: true };
    case 'teredo':
      return { readings: [pick(LOW_32, true), pick([4, 5, 6, 7])], translated: false };
    default:
      return isIsatap(bytes) ? { readings: [pick(LOW_32)], translated: false } : NONE;
  }
}
