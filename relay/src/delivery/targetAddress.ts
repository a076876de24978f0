/**
 * Which IP addresses a delivery may connect to, under `SWITCHBOARD_TARGET_POLICY`.
 *
 * - `private` (default): any address except link-local (169.254.0.0/16, fe80::/10, where most
 *   metadata services live) and the cloud metadata and platform addresses outside it
 *   (`METADATA_NETWORKS`). Loopback and private ranges are allowed: self-hosted n8n next door is
 *   the common case.
 * - `public-only`: only global unicast; loopback, private, CGNAT, unique-local, unspecified,
 *   multicast, broadcast, reserved, documentation, benchmarking and the other special ranges
 *   are refused too.
 *
 * Every IPv6 form that embeds an IPv4 address (IPv4-mapped, IPv4-compatible, SIIT, NAT64, 6to4,
 * Teredo, ISATAP; see `embeddedIPv4.ts`) is judged by each IPv4 address it may stand for: one
 * refused reading refuses the address. Pure translations (mapped, compatible, SIIT, NAT64, 6to4)
 * are then allowed when the IPv4 address is, so DNS64 networks still reach public IPv4 targets
 * under `public-only`; Teredo and ISATAP must also pass as IPv6 addresses.
 */
import ipaddr from 'ipaddr.js';
import { embeddedIPv4 } from './embeddedIPv4.js';

export const TARGET_POLICIES = ['private', 'public-only'] as const;
export type TargetPolicy = (typeof TARGET_POLICIES)[number];

export function isTargetPolicy(value: unknown): value is TargetPolicy {
  return (TARGET_POLICIES as readonly unknown[]).includes(value);
}

export type AddressCheck = { ok: true } | { ok: false; reason: string };

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Cloud metadata and platform services outside the link-local ranges (inside them, link-local
 * already covers 169.254.169.254, AWS ECS 169.254.170.2, EKS 169.254.170.23, Scaleway
 * 169.254.42.42, Tencent 169.254.0.23, OpenStack fe80::a9fe:a9fe, ...). Refused under every policy.
 */
const METADATA_NETWORKS = [
  '100.100.100.200/32', // Alibaba Cloud metadata
  '168.63.129.16/32', // Azure WireServer (platform agent, DNS, health probes)
  '192.0.0.192/32', // Oracle Cloud (Classic / Cloud at Customer) metadata
  'fd00:ec2::/32', // AWS platform over IPv6: IMDS ::254, Route 53 resolver ::253, time ::123, EKS Pod Identity ::23
  'fd20:ce::254/128', // Google Cloud metadata on IPv6-only instances
  'fd00:c1::a9fe:a9fe/128', // Oracle Cloud metadata, IPv6
  'fd00:a9fe:a9fe::1/128', // Akamai (Linode) metadata, IPv6
  'fd00:42::42/128', // Scaleway metadata, IPv6
].map((cidr) => ipaddr.parseCIDR(cidr));

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

function isMetadata(address: Address): boolean {
  return METADATA_NETWORKS.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));
}

/** What is wrong with an address under a policy (`in the private range`), or null when allowed. */
function refusal(address: Address, policy: TargetPolicy): string | null {
  if (isMetadata(address)) return 'a cloud metadata address';
  if (address instanceof ipaddr.IPv6) {
    const { readings, translated } = embeddedIPv4(address);
    for (const inner of readings) {
      const problem = refusal(inner, policy);
      if (problem) return `${problem} (${inner.toString()} embedded in ${address.toString()})`;
    }
    if (translated) return null;
  }
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
