/**
 * The address a throttle counts a request against: the socket's remote address. The relay has
 * no trusted-proxy setting, so `X-Forwarded-For` and `Forwarded` are never read (anyone can send
 * them); behind a reverse proxy every request counts against the proxy's address.
 *
 * IPv4-mapped IPv6 (`::ffff:1.2.3.4`, as a dual-stack socket reports IPv4 peers) is the IPv4
 * address; other IPv6 addresses count by their /64, the block one subscriber usually holds, so
 * rotating through one's own /64 buys no fresh budget.
 */
import ipaddr from 'ipaddr.js';

export function clientAddressKey(remoteAddress: string | undefined): string {
  if (!remoteAddress || !ipaddr.isValid(remoteAddress)) return 'unknown';
  const address = ipaddr.process(remoteAddress);
  if (address instanceof ipaddr.IPv4) return address.toString();
  return `${address.toNormalizedString().split(':').slice(0, 4).join(':')}::/64`;
}
