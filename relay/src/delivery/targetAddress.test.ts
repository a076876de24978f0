import { checkAddress } from './targetAddress.js';

/** [address, allowed under `private`, allowed under `public-only`] */
const table: Array<[string, boolean, boolean]> = [
  // public unicast
  ['93.184.215.14', true, true],
  ['8.8.8.8', true, true],
  ['2606:4700:4700::1111', true, true],
  ['::ffff:8.8.8.8', true, true],
  ['64:ff9b::808:808', true, true],
  ['2002:808:808::1', true, true],
  // link-local and metadata: refused under every policy
  ['169.254.169.254', false, false],
  ['169.254.0.1', false, false],
  ['169.254.170.2', false, false],
  ['fe80::1', false, false],
  ['fe80::1%eth0', false, false],
  ['febf:ffff::1', false, false],
  ['fd00:ec2::254', false, false],
  ['100.100.100.200', false, false],
  ['::ffff:169.254.169.254', false, false],
  ['::ffff:a9fe:a9fe', false, false],
  ['::169.254.169.254', false, false],
  ['64:ff9b::a9fe:a9fe', false, false],
  ['64:ff9b:1:a9fe:a9:fe00::', false, false],
  ['::ffff:0:a9fe:a9fe', false, false],
  ['2002:a9fe:a9fe::1', false, false],
  ['::ffff:100.100.100.200', false, false],
  // IPv4-compatible forms, as URL parsing writes them ([::169.254.169.254] becomes [::a9fe:a9fe])
  ['::a9fe:a9fe', false, false],
  ['::a9fe:1', false, false],
  // Teredo: client 169.254.169.254 (stored inverted), then server 169.254.169.254
  ['2001:0:4136:e378:8000:63bf:5601:5601', false, false],
  ['2001:0:a9fe:a9fe::ffff', false, false],
  // ISATAP interface identifiers, under a documentation and a global prefix
  ['2001:db8::5efe:a9fe:a9fe', false, false],
  ['2a00:1450::200:5efe:a9fe:a9fe', false, false],
  // cloud metadata and platform addresses outside link-local, and their embedded forms
  ['168.63.129.16', false, false],
  ['::ffff:168.63.129.16', false, false],
  ['::a83f:8110', false, false],
  ['64:ff9b::a83f:8110', false, false],
  ['2002:a83f:8110::1', false, false],
  ['192.0.0.192', false, false],
  ['::c000:c0', false, false],
  ['64:ff9b::6464:64c8', false, false],
  ['fd00:ec2::254', false, false],
  ['fd00:ec2::23', false, false],
  ['fd00:ec2::253', false, false],
  ['fd00:ec2::123', false, false],
  ['fd20:ce::254', false, false],
  ['fd00:c1::a9fe:a9fe', false, false],
  ['fd00:a9fe:a9fe::1', false, false],
  ['fd00:42::42', false, false],
  // loopback, private and special ranges: allowed under private only
  ['127.0.0.1', true, false],
  ['127.1.2.3', true, false],
  ['::1', true, false],
  ['::ffff:127.0.0.1', true, false],
  ['10.0.0.1', true, false],
  ['172.16.0.1', true, false],
  ['172.31.255.255', true, false],
  ['192.168.1.10', true, false],
  ['::ffff:192.168.1.10', true, false],
  ['64:ff9b::a00:1', true, false],
  ['fc00::1', true, false],
  ['fd12:3456::1', true, false],
  ['100.64.0.1', true, false],
  ['100.127.255.254', true, false],
  ['0.0.0.0', true, false],
  ['::', true, false],
  ['224.0.0.1', true, false],
  ['ff02::1', true, false],
  ['255.255.255.255', true, false],
  ['240.0.0.1', true, false],
  ['192.0.2.1', true, false],
  ['198.18.0.1', true, false],
  ['2001:db8::1', true, false],
  ['2001::1', true, false],
  // embedded loopback and private IPv4 addresses
  ['::127.0.0.1', true, false],
  ['::7f00:1', true, false],
  ['::10.0.0.1', true, false],
  ['::a00:1', true, false],
  ['::c0a8:10a', true, false],
  ['2002:7f00:1::1', true, false],
  ['64:ff9b:1:7f00:0:100::', true, false],
  ['2a00:1450::5efe:a00:1', true, false],
  ['2001:0:4136:e378:8000:63bf:f5ff:fffe', true, false],
  // neighbours of the metadata addresses are ordinary addresses
  ['fd20:ce::253', true, false],
  ['fd00:ec3::1', true, false],
  ['100.100.100.201', true, false],
  // local-use NAT64: every prefix-length reading must pass, and 0.0.0.0 (the /96 reading) does not
  ['64:ff9b:1:808:8:800::', true, false],
  // the edges of the private ranges
  ['172.15.255.255', true, true],
  ['172.32.0.0', true, true],
  ['100.63.255.255', true, true],
  ['100.128.0.0', true, true],
  ['169.253.255.255', true, true],
  ['169.255.0.0', true, true],
  ['168.63.129.17', true, true],
  // embedded public IPv4 addresses are judged as those addresses
  ['::808:808', true, true],
  ['2a00:1450::200:5efe:808:808', true, true],
];

describe('checkAddress', () => {
  it.each(table)('judges %s: private %p, public-only %p', (ip, underPrivate, underPublicOnly) => {
    expect(checkAddress(ip, 'private').ok).toBe(underPrivate);
    expect(checkAddress(ip, 'public-only').ok).toBe(underPublicOnly);
  });

  it.each(['example.com', '', '1.2.3.4.5', '::g', '127.0.0.1:80'])('refuses %p, which is not an IP address', (ip) => {
    expect(checkAddress(ip, 'private')).toEqual({ ok: false, reason: `${JSON.stringify(ip)} is not an IP address` });
  });

  it.each<[string, 'private' | 'public-only', string]>([
    ['169.254.169.254', 'private', '169.254.169.254 is in the link-local range, where cloud metadata services live, refused under SWITCHBOARD_TARGET_POLICY=private'],
    ['100.100.100.200', 'private', '100.100.100.200 is a cloud metadata address, refused under SWITCHBOARD_TARGET_POLICY=private'],
    ['10.0.0.1', 'public-only', '10.0.0.1 is in the private range, refused under SWITCHBOARD_TARGET_POLICY=public-only'],
    ['100.64.0.1', 'public-only', '100.64.0.1 is in the carrier-grade NAT (100.64.0.0/10) range, refused under SWITCHBOARD_TARGET_POLICY=public-only'],
    ['::ffff:127.0.0.1', 'public-only', '::ffff:127.0.0.1 (127.0.0.1) is in the loopback range, refused under SWITCHBOARD_TARGET_POLICY=public-only'],
    ['64:ff9b::a9fe:a9fe', 'private', '64:ff9b::a9fe:a9fe is in the link-local range, where cloud metadata services live (169.254.169.254 embedded in 64:ff9b::a9fe:a9fe), refused under SWITCHBOARD_TARGET_POLICY=private'],
    ['::a9fe:a9fe', 'public-only', '::a9fe:a9fe is in the link-local range, where cloud metadata services live (169.254.169.254 embedded in ::a9fe:a9fe), refused under SWITCHBOARD_TARGET_POLICY=public-only'],
    ['::7f00:1', 'public-only', '::7f00:1 is in the loopback range (127.0.0.1 embedded in ::7f00:1), refused under SWITCHBOARD_TARGET_POLICY=public-only'],
    ['fd00:ec2::23', 'private', 'fd00:ec2::23 is a cloud metadata address, refused under SWITCHBOARD_TARGET_POLICY=private'],
    ['2001:0:4136:e378:8000:63bf:5601:5601', 'private', '2001:0:4136:e378:8000:63bf:5601:5601 is in the link-local range, where cloud metadata services live (169.254.169.254 embedded in 2001:0:4136:e378:8000:63bf:5601:5601), refused under SWITCHBOARD_TARGET_POLICY=private'],
  ])('explains why %s is refused under %s', (ip, policy, reason) => {
    expect(checkAddress(ip, policy)).toEqual({ ok: false, reason });
  });
});
