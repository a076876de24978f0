/**
 * Which IP addresses a delivery may connect to, under `SWITCHBOARD_TARGET_POLICY`.
 *
 * - `private` (default): any address except link-local (169.254.0.0/16, fe80::/10) and cloud
 *   metadata addresses (AWS/GCP/Azure/Oracle 169.254.169.254, AWS fd00:ec2::254, Alibaba
 *   100.100.100.200). Loopback and private ranges are allowed: self-hosted n8n next door is
 *   the common case.
 * - `public-only`: only global unicast; loopback, private, CGNAT, unique-local, unspecified,
 *   multicast, broadcast, reserved, documentation, benchmarking and the other special ranges
 *   are refused too.
 *
 * IPv4-mapped (`::ffff:a.b.c.d`) and IPv4-compatible forms are judged as the IPv4 address.
 * NAT64 (64:ff9b::/96), SIIT (::ffff:0:0:0/96) and 6to4 (2002::/16) addresses are judged by the
 * IPv4 address they embed, so DNS64 networks still reach public IPv4 targets under `public-only`.
 * Local-use NAT64 (64:ff9b:1::/48) could embed at several prefix lengths: every reading must pass.
 */
import ipaddr from 'ipaddr.js';

export const TARGET_POLICIES = ['private', 'public-only'] as const;
export type TargetPolicy = (typeof TARGET_POLICIES)[number];

export function isTargetPolicy(value: unknown): value is TargetPolicy {
  return (TARGET_POLICIES as readonly unknown[]).includes(value);
}

export type AddressCheck = { ok: true } | { ok: false; reason: string };

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Metadata services outside 169.254.0.0/16 (inside it, link-local already covers them). */
const METADATA_NETWORKS = ['100.100.100.200/32', 'fd00:ec2::254/128'].map((cidr) => ipaddr.parseCIDR(cidr));

const RANGE_NAMES: Record<string, string> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT (100.64.0.0/10)',
  private: 'private',
  reserved: 'reserved',
  uniqueLocal: 'unique-local (fc00::/7)',
  benchmarking: 'benchmarking',
  teredo: 'Teredo',
  deprecatedSiteLocal: 'site-local',
};

const WELL_KNOWN_NAT64 = ipaddr.parseCIDR('64:ff9b::/96');
/** RFC 6052 byte positions of the IPv4 address for each prefix length a /48 local-use prefix allows. */
const LOCAL_NAT64_LAYOUTS = [
  [6, 7, 9, 10],
  [7, 9, 10, 11],
  [9, 10, 11, 12],
  [12, 13, 14, 15],
];

/** The IPv4 addresses an IPv6 address may stand for (several when the NAT64 prefix length is unknown). */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4[] {
  const bytes = address.toByteArray();
  const pick = (positions: readonly number[]): ipaddr.IPv4 => new ipaddr.IPv4(positions.map((at) => bytes[at] ?? 0));
  switch (address.range()) {
    case 'rfc6052':
      return address.match(WELL_KNOWN_NAT64) ? [pick([12, 13, 14, 15])] : LOCAL_NAT64_LAYOUTS.map(pick);
    case 'rfc6145':
      return [pick([12, 13, 14, 15])];
    case '6to4':
      return [pick([2, 3, 4, 5])];
    default:
      return [];
  }
}

function isMetadata(address: Address): boolean {
  return METADATA_NETWORKS.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));
}

/** What is wrong with an address under a policy (`in the private range`), or null when allowed. */
function refusal(address: Address, policy: TargetPolicy): string | null {
  if (address instanceof ipaddr.IPv6) {
    const embedded = embeddedIPv4(address);
    for (const inner of embedded) {
      const problem = refusal(inner, policy);
      if (problem) return `${problem} (${inner.toString()} embedded in ${address.toString()})`;
    }
    if (embedded.length > 0) return null;
  }
  if (isMetadata(address)) return 'a cloud metadata address';
  const range = address.range();
  if (range === 'linkLocal') return 'in the link-local range, where cloud metadata services live';
  if (policy === 'public-only' && range !== 'unicast') return `in the ${RANGE_NAMES[range] ?? range} range`;
  return null;
}

/**
 * Whether a delivery may connect to this IP address. Anything that is not an IP address is
 * refused (fail closed). Never throws.
 */
export function checkAddress(ip: string, policy: TargetPolicy): AddressCheck {
  if (!ipaddr.isValid(ip)) return { ok: false, reason: `${JSON.stringify(ip)} is not an IP address` };
  const address = ipaddr.process(ip);
  const problem = refusal(address, policy);
  if (problem === null) return { ok: true };
  const shown = address.toString() === ip ? ip : `${ip} (${address.toString()})`;
  return { ok: false, reason: `${shown} is ${problem}, refused under SWITCHBOARD_TARGET_POLICY=${policy}` };
}
