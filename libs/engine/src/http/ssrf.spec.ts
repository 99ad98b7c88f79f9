import { ConduitError } from '@conduit/shared';
import { TargetPolicy, assertTargetUrl, blockedRange, checkUrl, isBlockedAddress } from './ssrf';

describe('isBlockedAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['169.254.169.254', 'link-local (includes cloud metadata'],
    ['169.254.1.1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.0.8', 'IETF protocol assignments'],
    ['192.0.2.10', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.200', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fd00:ec2::254', 'unique-local (includes cloud metadata fd00:ec2::254)'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['::ffff:127.0.0.1', 'loopback, as 127.0.0.1 embedded in an IPv4-mapped IPv6 address'],
    ['::ffff:7f00:1', 'loopback, as 127.0.0.1 embedded in an IPv4-mapped'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::127.0.0.1', 'IPv4-compatible (deprecated)'],
    ['::8.8.8.8', 'IPv4-compatible (deprecated)'],
    ['64:ff9b::10.0.0.1', 'private (RFC 1918), as 10.0.0.1 embedded in a NAT64 address'],
    ['64:ff9b::a9fe:a9fe', 'link-local (includes cloud metadata 169.254.169.254), as 169.254.169.254 embedded in a NAT64'],
    ['2002:c0a8:0101::1', 'private (RFC 1918), as 192.168.1.1 embedded in a 6to4 address'],
    ['2002:7f00:1::', 'loopback, as 127.0.0.1 embedded in a 6to4'],
    ['2001::1', 'IETF special-purpose'],
    ['100::1', 'discard-only'],
    ['4000::1', 'reserved (not global unicast)'],
    ['not-an-ip', 'not an IP address'],
    ['127.1', 'not an IP address'],
  ])('blocks %s (%s)', (ip, name) => {
    expect(isBlockedAddress(ip)).toBe(true);
    expect(blockedRange(ip)?.name).toContain(name);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:82a::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2002:0808:0808::1',
  ])('allows public %s', (ip) => {
    expect(isBlockedAddress(ip)).toBe(false);
  });
});

describe('TargetPolicy.parse', () => {
  it('blocks everything private by default, also for empty text', () => {
    for (const policy of [TargetPolicy.parse(undefined), TargetPolicy.parse(''), TargetPolicy.parse(' , ')]) {
      expect(policy.refusal('127.0.0.1')).toMatch(/loopback/);
      expect(policy.refusal('8.8.8.8')).toBeUndefined();
      expect(policy.allowsHost('localhost')).toBe(false);
    }
  });

  it('allows everything with *', () => {
    const policy = TargetPolicy.parse('10.0.0.0/8, *');
    expect(policy.allowsEverything).toBe(true);
    expect(policy.refusal('169.254.169.254')).toBeUndefined();
  });

  it('allows CIDRs and single addresses, v4 and v6', () => {
    const policy = TargetPolicy.parse('10.0.0.0/8, 127.0.0.1, fd00::/8, ::1');
    expect(policy.refusal('10.200.1.1')).toBeUndefined();
    expect(policy.refusal('::ffff:10.200.1.1')).toBeUndefined();
    expect(policy.refusal('127.0.0.1')).toBeUndefined();
    expect(policy.refusal('127.0.0.2')).toMatch(/loopback/);
    expect(policy.refusal('fd00:ec2::254')).toBeUndefined();
    expect(policy.refusal('::1')).toBeUndefined();
    expect(policy.refusal('192.168.0.1')).toMatch(/private/);
    expect(policy.refusal('169.254.169.254')).toMatch(/metadata/);
  });

  it('allows host names exactly or by *.suffix, case-insensitively', () => {
    const policy = TargetPolicy.parse('Receiver.Internal, *.corp.example, localhost.');
    expect(policy.allowsHost('receiver.internal')).toBe(true);
    expect(policy.allowsHost('RECEIVER.internal.')).toBe(true);
    expect(policy.allowsHost('localhost')).toBe(true);
    expect(policy.allowsHost('api.corp.example')).toBe(true);
    expect(policy.allowsHost('a.b.corp.example')).toBe(true);
    expect(policy.allowsHost('corp.example')).toBe(false);
    expect(policy.allowsHost('evilcorp.example')).toBe(false);
    expect(policy.refusal('10.0.0.1', 'receiver.internal')).toBeUndefined();
    expect(policy.refusal('10.0.0.1', 'other.internal')).toMatch(/other\.internal resolves to 10\.0\.0\.1/);
    // a host name does not open the literal address
    expect(policy.refusal('127.0.0.1')).toMatch(/loopback/);
  });

  it.each([
    ['10.0.0.0/33', /"10\.0\.0\.0\/33" has an invalid prefix length; use 0 to 32/],
    ['fd00::/129', /use 0 to 128/],
    ['10.0.0.0/x', /invalid prefix length/],
    ['http://internal', /"http:\/\/internal" is not a CIDR/],
    ['bad host!', /"bad host!" is not a CIDR/],
    ['10.0.0/8', /"10\.0\.0\/8" is not a CIDR/],
    ['a.*.b', /"a\.\*\.b" is not a CIDR/],
  ])('refuses %s naming the entry', (text, message) => {
    let error: unknown;
    try {
      TargetPolicy.parse(`localhost, ${text}`);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConduitError);
    expect((error as ConduitError).message).toMatch(message);
    expect((error as ConduitError).message).toMatch(/CONDUIT_ALLOW_PRIVATE_TARGETS/);
  });
});

describe('refusal text', () => {
  it('names the address, the range and how to allow it', () => {
    expect(TargetPolicy.BLOCK_PRIVATE.refusal('169.254.169.254')).toBe(
      'Blocked: address 169.254.169.254, which is link-local (includes cloud metadata 169.254.169.254) (169.254.0.0/16). ' +
        'Private, loopback, link-local and metadata addresses are refused to prevent SSRF; to allow this target add ' +
        '"169.254.169.254/32" to CONDUIT_ALLOW_PRIVATE_TARGETS.',
    );
    expect(TargetPolicy.BLOCK_PRIVATE.refusal('::1', 'localhost')).toMatch(/add "localhost" or "::1\/128" to CONDUIT_ALLOW_PRIVATE_TARGETS/);
  });
});

describe('checkUrl', () => {
  it('accepts public http and https URLs; host names are left to the DNS check', () => {
    expect(checkUrl('https://example.com/hooks?a=1')).toMatchObject({ ok: true });
    expect(checkUrl('http://8.8.8.8:8080/')).toMatchObject({ ok: true, address: '8.8.8.8' });
    expect(checkUrl('http://localhost:3000/')).toMatchObject({ ok: true });
  });

  it.each([
    ['http://127.0.0.1/', /127\.0\.0\.1, which is loopback/],
    ['http://2130706433/', /127\.0\.0\.1, which is loopback/],
    ['http://0x7f.0.0.1/', /127\.0\.0\.1, which is loopback/],
    ['http://017700000001/', /127\.0\.0\.1, which is loopback/],
    ['http://127.1/', /127\.0\.0\.1, which is loopback/],
    ['http://0/', /0\.0\.0\.0, which is unspecified/],
    ['http://[::1]:8080/', /::1, which is loopback/],
    ['http://[::ffff:127.0.0.1]/', /::ffff:7f00:1, which is loopback, as 127\.0\.0\.1 embedded/],
    ['http://[::ffff:a9fe:a9fe]/latest/meta-data/', /metadata/],
    ['http://169.254.169.254/latest/meta-data/', /metadata/],
    ['http://[fd00:ec2::254]/', /unique-local/],
    ['http://10.0.0.1/', /private/],
  ])('blocks the literal address in %s', (url, message) => {
    const check = checkUrl(url);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.error).toMatch(message);
  });

  it.each([
    ['ftp://example.com/', /Only http and https URLs can be called, not ftp/],
    ['file:///etc/passwd', /not file/],
    ['gopher://example.com/', /not gopher/],
    ['https://user:pass@example.com/', /Credentials in the URL/],
    ['https://token@example.com/', /Credentials in the URL/],
    ['not a url', /is not a valid absolute URL/],
    ['/relative/path', /is not a valid absolute URL/],
  ])('refuses %s', (url, message) => {
    const check = checkUrl(url);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.error).toMatch(message);
  });

  it('lets the policy open literal addresses', () => {
    expect(checkUrl('http://127.0.0.1:9/', TargetPolicy.parse('127.0.0.1/32')).ok).toBe(true);
    expect(checkUrl('http://[::1]:9/', TargetPolicy.parse('::1/128')).ok).toBe(true);
    expect(checkUrl('http://127.0.0.1:9/', TargetPolicy.parse('*')).ok).toBe(true);
    expect(checkUrl('http://127.0.0.1:9/', TargetPolicy.parse('localhost')).ok).toBe(false);
  });

  it('throws BAD_USER_INPUT from assertTargetUrl', () => {
    expect(() => assertTargetUrl('http://192.168.0.10/hook')).toThrow(ConduitError);
    expect(() => assertTargetUrl('http://192.168.0.10/hook')).toThrow(/private/);
    expect(assertTargetUrl('https://example.com/hook').hostname).toBe('example.com');
  });
});
