import ipaddr from 'ipaddr.js';

/**
 * Every entry of the IANA IPv4 and IPv6 Special-Purpose Address Registries (checked 2026-11), plus
 * multicast, the deprecated IPv4-compatible IPv6 block and site-local: no live source may connect to
 * any of them, whatever the registry says about global reachability (no company home page lives on
 * an AS112, AMT or TURN anycast address). IPv4-mapped IPv6 (::ffff:0:0/96) is not listed: the guard
 * judges a mapped address as the IPv4 address it carries.
 * https://www.iana.org/assignments/iana-ipv4-special-registry, .../iana-ipv6-special-registry
 */
export const SPECIAL_PURPOSE_RANGES: ReadonlyArray<readonly [cidr: string, name: string]> = [
  // IPv4 Special-Purpose Address Registry
  ['0.0.0.0/8', '"This network" (RFC 791)'],
  ['10.0.0.0/8', 'Private-Use (RFC 1918)'],
  ['100.64.0.0/10', 'Shared Address Space (RFC 6598)'],
  ['127.0.0.0/8', 'Loopback (RFC 1122)'],
  ['169.254.0.0/16', 'Link Local (RFC 3927)'],
  ['172.16.0.0/12', 'Private-Use (RFC 1918)'],
  ['192.0.0.0/24', 'IETF Protocol Assignments (RFC 6890)'],
  ['192.0.2.0/24', 'Documentation TEST-NET-1 (RFC 5737)'],
  ['192.31.196.0/24', 'AS112-v4 (RFC 7535)'],
  ['192.52.193.0/24', 'AMT (RFC 7450)'],
  ['192.88.99.0/24', 'Deprecated 6to4 Relay Anycast (RFC 7526)'],
  ['192.168.0.0/16', 'Private-Use (RFC 1918)'],
  ['192.175.48.0/24', 'Direct Delegation AS112 Service (RFC 7534)'],
  ['198.18.0.0/15', 'Benchmarking (RFC 2544)'],
  ['198.51.100.0/24', 'Documentation TEST-NET-2 (RFC 5737)'],
  ['203.0.113.0/24', 'Documentation TEST-NET-3 (RFC 5737)'],
  ['240.0.0.0/4', 'Reserved (RFC 1112)'],
  ['255.255.255.255/32', 'Limited Broadcast (RFC 919)'],
  ['224.0.0.0/4', 'Multicast (RFC 5771)'],
  // IPv6 Special-Purpose Address Registry
  ['::1/128', 'Loopback Address (RFC 4291)'],
  ['::/128', 'Unspecified Address (RFC 4291)'],
  ['::/96', 'IPv4-Compatible IPv6, deprecated (RFC 4291)'],
  ['64:ff9b::/96', 'IPv4-IPv6 Translation (RFC 6052)'],
  ['64:ff9b:1::/48', 'Local-use IPv4/IPv6 Translation (RFC 8215)'],
  ['100::/64', 'Discard-Only Address Block (RFC 6666)'],
  ['100:0:0:1::/64', 'Dummy IPv6 Prefix (RFC 9780)'],
  ['2001::/23', 'IETF Protocol Assignments (RFC 2928)'],
  ['2001::/32', 'TEREDO (RFC 4380)'],
  ['2001:1::1/128', 'Port Control Protocol Anycast (RFC 7723)'],
  ['2001:1::2/128', 'Traversal Using Relays around NAT Anycast (RFC 8155)'],
  ['2001:1::3/128', 'DNS-SD Service Registration Protocol Anycast (RFC 9665)'],
  ['2001:2::/48', 'Benchmarking (RFC 5180)'],
  ['2001:3::/32', 'AMT (RFC 7450)'],
  ['2001:4:112::/48', 'AS112-v6 (RFC 7535)'],
  ['2001:10::/28', 'Deprecated ORCHID (RFC 4843)'],
  ['2001:20::/28', 'ORCHIDv2 (RFC 7343)'],
  ['2001:30::/28', 'Drone Remote ID Protocol Entity Tags (RFC 9374)'],
  ['2001:db8::/32', 'Documentation (RFC 3849)'],
  ['2002::/16', '6to4 (RFC 3056)'],
  ['2620:4f:8000::/48', 'Direct Delegation AS112 Service (RFC 7534)'],
  ['3fff::/20', 'Documentation (RFC 9637)'],
  ['5f00::/16', 'Segment Routing (SRv6) SIDs (RFC 9602)'],
  ['fc00::/7', 'Unique-Local (RFC 4193)'],
  ['fe80::/10', 'Link-Local Unicast (RFC 4291)'],
  ['fec0::/10', 'Site-Local, deprecated (RFC 3879)'],
  ['ff00::/8', 'Multicast (RFC 4291)'],
];

const parsed = SPECIAL_PURPOSE_RANGES.map(([cidr, name]) => ({ range: ipaddr.parseCIDR(cidr), name }));

/** The special-purpose range `address` falls in (its registry name), or null. */
export function specialPurposeRange(address: ipaddr.IPv4 | ipaddr.IPv6): string | null {
  for (const { range, name } of parsed) {
    if (range[0].kind() === address.kind() && address.match(range as [typeof address, number])) return name;
  }
  return null;
}
