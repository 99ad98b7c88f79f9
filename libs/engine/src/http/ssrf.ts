import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { ConduitError } from '@conduit/shared';

/** The setting that opens private targets; named in every refusal so people know what to change. */
export const ALLOW_PRIVATE_TARGETS_SETTING = 'CONDUIT_ALLOW_PRIVATE_TARGETS';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

/** A special-purpose range an address was found in. */
export interface BlockedRange {
  /** What the range is, in words: "loopback", "private (RFC 1918)", … */
  name: string;
  cidr: string;
}

interface NamedRange {
  name: string;
  cidr: string;
  net: Cidr;
}

function ranges(list: ReadonlyArray<readonly [string, string]>): NamedRange[] {
  return list.map(([name, cidr]) => ({ name, cidr, net: ipaddr.parseCIDR(cidr) }));
}

// Everything that is not ordinary public unicast. Order matters only for the name reported.
const BLOCKED_V4 = ranges([
  ['unspecified ("this network")', '0.0.0.0/8'],
  ['private (RFC 1918)', '10.0.0.0/8'],
  ['carrier-grade NAT', '100.64.0.0/10'],
  ['loopback', '127.0.0.0/8'],
  ['link-local (includes cloud metadata 169.254.169.254)', '169.254.0.0/16'],
  ['private (RFC 1918)', '172.16.0.0/12'],
  ['IETF protocol assignments', '192.0.0.0/24'],
  ['documentation', '192.0.2.0/24'],
  ['6to4 relay anycast', '192.88.99.0/24'],
  ['private (RFC 1918)', '192.168.0.0/16'],
  ['benchmarking', '198.18.0.0/15'],
  ['documentation', '198.51.100.0/24'],
  ['documentation', '203.0.113.0/24'],
  ['multicast', '224.0.0.0/4'],
  ['broadcast', '255.255.255.255/32'],
  ['reserved', '240.0.0.0/4'],
]);

const BLOCKED_V6 = ranges([
  ['unspecified', '::/128'],
  ['loopback', '::1/128'],
  ['IPv4-compatible (deprecated)', '::/96'],
  ['IPv4-translated', '::ffff:0:0:0/96'],
  ['discard-only', '100::/64'],
  ['local-use NAT64', '64:ff9b:1::/48'],
  ['IETF special-purpose (Teredo, benchmarking, ORCHID)', '2001::/23'],
  ['documentation', '2001:db8::/32'],
  ['documentation', '3fff::/20'],
  ['segment routing', '5f00::/16'],
  ['unique-local (includes cloud metadata fd00:ec2::254)', 'fc00::/7'],
  ['link-local', 'fe80::/10'],
  ['site-local (deprecated)', 'fec0::/10'],
  ['multicast', 'ff00::/8'],
]);

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');
const MAPPED_V6 = ipaddr.parseCIDR('::ffff:0:0/96');
const NAT64_V6 = ipaddr.parseCIDR('64:ff9b::/96');
const SIX_TO_FOUR_V6 = ipaddr.parseCIDR('2002::/16');

function v4FromParts(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

function findV4(address: ipaddr.IPv4): BlockedRange | undefined {
  for (const range of BLOCKED_V4) {
    if (address.match(range.net)) return { name: range.name, cidr: range.cidr };
  }
  return undefined;
}

function embedded(address: ipaddr.IPv4, how: string): BlockedRange | undefined {
  const inner = findV4(address);
  return inner && { name: `${inner.name}, as ${address.toString()} embedded in ${how}`, cidr: inner.cidr };
}

function findV6(address: ipaddr.IPv6): BlockedRange | undefined {
  const parts = address.parts;
  // Addresses that carry an IPv4 address reach that address: judge them by it.
  if (address.match(MAPPED_V6)) return embedded(v4FromParts(parts[6], parts[7]), 'an IPv4-mapped IPv6 address');
  if (address.match(NAT64_V6)) return embedded(v4FromParts(parts[6], parts[7]), 'a NAT64 address');
  if (address.match(SIX_TO_FOUR_V6)) return embedded(v4FromParts(parts[1], parts[2]), 'a 6to4 address');
  for (const range of BLOCKED_V6) {
    if (address.match(range.net)) return { name: range.name, cidr: range.cidr };
  }
  if (!address.match(GLOBAL_UNICAST_V6)) return { name: 'reserved (not global unicast)', cidr: 'outside 2000::/3' };
  return undefined;
}

const DOTTED_TAIL = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)(%.*)?$/;

function parseAddress(ip: string): Address | undefined {
  // net.isIP is the strict check (no "127.1" shorthands); ipaddr parses zone ids too.
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const family = isIP(bare);
  if (family === 0) return undefined;
  try {
    return ipaddr.parse(family === 6 ? hexTail(bare) : bare);
  } catch {
    return undefined;
  }
}

// ipaddr.js reads "::1.2.3.4" as the IPv4-mapped ::ffff:1.2.3.4; spell the tail in hex so it doesn't.
function hexTail(ip: string): string {
  const m = DOTTED_TAIL.exec(ip);
  if (!m) return ip;
  const [a, b, c, d] = [m[2], m[3], m[4], m[5]].map(Number);
  return `${m[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}${m[6] ?? ''}`;
}

/**
 * The special-purpose range holding `ip` (loopback, private, link-local, metadata, unique-local,
 * multicast, reserved, …, also when embedded in IPv6), or undefined for a public address.
 * Anything that is not an IP address is reported as blocked.
 */
export function blockedRange(ip: string): BlockedRange | undefined {
  const address = parseAddress(ip);
  if (!address) return { name: 'not an IP address', cidr: '-' };
  return address.kind() === 'ipv4' ? findV4(address as ipaddr.IPv4) : findV6(address as ipaddr.IPv6);
}

/** True when `ip` must not be called unless the deployment allows it. */
export function isBlockedAddress(ip: string): boolean {
  return blockedRange(ip) !== undefined;
}

const HOST_NAME = /^(\*\.)?(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

function normaliseHost(host: string): string {
  const lower = host.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/**
 * Which private targets a deployment opens (`CONDUIT_ALLOW_PRIVATE_TARGETS`): CIDRs, host names
 * (`*.corp.example` for subdomains) or `*` for everything. Public addresses are always allowed.
 */
export class TargetPolicy {
  /** The default: every private, loopback, link-local and metadata address is refused. */
  static readonly BLOCK_PRIVATE = new TargetPolicy(false, [], new Set(), []);
  /** Everything allowed (tests, trusted networks). */
  static readonly ALLOW_ALL = new TargetPolicy(true, [], new Set(), []);

  private constructor(
    /** True when `*` was given: nothing is refused. */
    readonly allowsEverything: boolean,
    private readonly cidrs: readonly Cidr[],
    private readonly hosts: ReadonlySet<string>,
    private readonly hostSuffixes: readonly string[],
  ) {}

  /**
   * Parses a comma-separated list such as `10.0.0.0/8, fd00::/8, receiver.internal, *.corp, 127.0.0.1`.
   * Empty or missing text gives the default policy. Throws BAD_USER_INPUT naming the bad entry.
   */
  static parse(text: string | undefined, setting: string = ALLOW_PRIVATE_TARGETS_SETTING): TargetPolicy {
    const entries = (text ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0);
    if (entries.length === 0) return TargetPolicy.BLOCK_PRIVATE;
    if (entries.includes('*')) return TargetPolicy.ALLOW_ALL;
    const cidrs: Cidr[] = [];
    const hosts = new Set<string>();
    const suffixes: string[] = [];
    for (const entry of entries) {
      const cidr = parseCidrEntry(entry);
      if (cidr) {
        cidrs.push(cidr);
        continue;
      }
      const host = normaliseHost(entry);
      if (entry.includes('/') || !HOST_NAME.test(host)) {
        throw new ConduitError(
          'BAD_USER_INPUT',
          `${setting}: "${entry}" is not a CIDR (e.g. 10.0.0.0/8, fd00::/8), an IP address, a host name ` +
            `(e.g. receiver.internal, *.corp.example) or "*". Separate entries with commas.`,
          { field: setting, entry },
        );
      }
      if (host.startsWith('*.')) suffixes.push(host.slice(1));
      else hosts.add(host);
    }
    return new TargetPolicy(false, cidrs, hosts, suffixes);
  }

  /** True when the host name was allowed by name (any address it resolves to may be used). */
  allowsHost(hostname: string): boolean {
    if (this.allowsEverything) return true;
    if (this.hosts.size === 0 && this.hostSuffixes.length === 0) return false;
    const host = normaliseHost(hostname);
    if (this.hosts.has(host)) return true;
    return this.hostSuffixes.some((suffix) => host.endsWith(suffix));
  }

  /** True when the address is inside an allowed CIDR. */
  allowsAddress(ip: string): boolean {
    if (this.allowsEverything) return true;
    if (this.cidrs.length === 0) return false;
    const address = parseAddress(ip);
    if (!address) return false;
    const candidates: Address[] = [address];
    // ::ffff:10.0.0.1 is allowed by 10.0.0.0/8, and the other way round.
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
      candidates.push((address as ipaddr.IPv6).toIPv4Address());
    }
    return this.cidrs.some(([net, bits]) => candidates.some((c) => c.kind() === net.kind() && c.match(net, bits)));
  }

  /**
   * Why `ip` (resolved for `hostname`, if any) may not be called, or undefined when it may.
   * The reason names the range and the setting that would allow it.
   */
  refusal(ip: string, hostname?: string): string | undefined {
    if (this.allowsEverything) return undefined;
    const range = blockedRange(ip);
    if (!range) return undefined;
    if (hostname !== undefined && this.allowsHost(hostname)) return undefined;
    if (this.allowsAddress(ip)) return undefined;
    return describeRefusal(ip, range, hostname);
  }
}

function parseCidrEntry(entry: string): Cidr | undefined {
  const slash = entry.indexOf('/');
  const ip = slash === -1 ? entry : entry.slice(0, slash);
  const family = isIP(ip);
  if (family === 0) return undefined;
  const maxBits = family === 4 ? 32 : 128;
  const bitsText = slash === -1 ? String(maxBits) : entry.slice(slash + 1);
  const bits = /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : Number.NaN;
  if (!(bits >= 0 && bits <= maxBits)) {
    throw new ConduitError(
      'BAD_USER_INPUT',
      `${ALLOW_PRIVATE_TARGETS_SETTING}: "${entry}" has an invalid prefix length; use 0 to ${maxBits}, e.g. ${ip}/${maxBits}.`,
      { field: ALLOW_PRIVATE_TARGETS_SETTING, entry },
    );
  }
  const address = parseAddress(ip);
  return address && [address, bits];
}

function describeRefusal(ip: string, range: BlockedRange, hostname: string | undefined): string {
  const exact = isIP(ip) === 6 ? `${ip}/128` : `${ip}/32`;
  const target = hostname ? `${hostname} resolves to ${ip}` : `address ${ip}`;
  const allow = hostname ? `"${hostname}" or "${exact}"` : `"${exact}"`;
  return (
    `Blocked: ${target}, which is ${range.name} (${range.cidr}). Private, loopback, link-local and metadata addresses ` +
    `are refused to prevent SSRF; to allow this target add ${allow} to ${ALLOW_PRIVATE_TARGETS_SETTING}.`
  );
}

/** The result of {@link checkUrl}. */
export type UrlCheck =
  | { ok: true; url: URL; /** Set when the host is a literal IP (already checked). */ address?: string }
  | { ok: false; error: string };

/**
 * Checks a target URL before any connection: http or https only, no credentials in the URL, and a
 * literal IP host (in any spelling; WHATWG URL normalises `http://2130706433/` to 127.0.0.1) must be
 * allowed. Host names are checked after DNS resolution by the sender.
 */
export function checkUrl(input: string | URL, policy: TargetPolicy = TargetPolicy.BLOCK_PRIVATE): UrlCheck {
  let url: URL;
  try {
    url = typeof input === 'string' ? new URL(input) : input;
  } catch {
    return { ok: false, error: `"${truncate(String(input))}" is not a valid absolute URL (e.g. https://example.com/hooks).` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, error: `Only http and https URLs can be called, not ${url.protocol.slice(0, -1)}.` };
  }
  if (url.username !== '' || url.password !== '') {
    return {
      ok: false,
      error: 'Credentials in the URL (user:password@host) are refused: send them in a header, e.g. from a credential.',
    };
  }
  if (url.hostname === '') return { ok: false, error: `The URL ${truncate(url.href)} has no host.` };
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (isIP(host) === 0) return { ok: true, url };
  const refusal = policy.refusal(host);
  return refusal ? { ok: false, error: refusal } : { ok: true, url, address: host };
}

/** Like {@link checkUrl} but throws BAD_USER_INPUT (for validating a target URL when it is saved). */
export function assertTargetUrl(input: string, policy: TargetPolicy = TargetPolicy.BLOCK_PRIVATE, field = 'url'): URL {
  const check = checkUrl(input, policy);
  if (!check.ok) throw new ConduitError('BAD_USER_INPUT', check.error, { field });
  return check.url;
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
