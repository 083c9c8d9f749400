// Which addresses a webhook may go to: public ones only. Every range that reaches the network the
// functions run in (or nowhere) is refused, however it is written.
import { describe, expect, it } from 'vitest';
import { ipFamily, localHostName, refusedRange } from '../../src/lib/domain/webhook-endpoint.ts';

describe('refusedRange', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.0.1', 'private'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['100.127.255.254', 'shared (CGNAT)'],
    ['127.0.0.1', 'loopback'],
    ['127.45.6.7', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['198.18.0.1', 'reserved'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['fc00::1', 'unique local (IPv6 ULA)'],
    ['fd12:3456:789a:1::1', 'unique local (IPv6 ULA)'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped'],
    ['::ffff:7f00:1', 'IPv4-mapped'],
    ['::ffff:8.8.8.8', 'IPv4-mapped'],
    ['::127.0.0.1', 'IPv4-embedding'],
    ['64:ff9b::a00:1', 'IPv4-embedding'],
    ['2002:a00:1::1', 'IPv4-embedding'],
    ['2001:0:4136:e378::1', 'IPv4-embedding'],
    ['2001:db8::1', 'documentation'],
    ['100::1', 'reserved'],
    ['4000::1', 'reserved'],
  ])('%s is %s', (address, range) => {
    expect(refusedRange(address)).toBe(range);
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '100.128.0.1', '172.32.0.1', '192.169.0.1', '2606:4700:4700::1111', '2a00:1450:4001:81c::200e', '[2001:4860:4860::8888]'])(
    '%s is public',
    (address) => {
      expect(refusedRange(address)).toBeNull();
    },
  );

  it('treats what is not an address as refused, and tells addresses from names', () => {
    expect(refusedRange('not-an-ip')).toBe('reserved');
    expect(refusedRange('1.2.3')).toBe('reserved');
    expect(refusedRange('1::2::3')).toBe('reserved');
    expect(ipFamily('203.0.113.7')).toBe(4);
    expect(ipFamily('[2001:db8::1]')).toBe(6);
    expect(ipFamily('256.1.1.1')).toBeNull();
    expect(ipFamily('01.2.3.4')).toBeNull();
    expect(ipFamily('hooks.zapier.com')).toBeNull();
  });
});

describe('localHostName', () => {
  it.each(['localhost', 'api.localhost', 'printer.local', 'db.internal', 'nas.home.arpa', 'router.lan', 'intranet', 'localhost.'])('refuses %s', (host) => {
    expect(localHostName(host)).not.toBeNull();
  });
  it.each(['hooks.zapier.com', 'hook.eu1.make.com', 'n8n.example.org', 'crm.jane-okafor.example'])('accepts %s', (host) => {
    expect(localHostName(host)).toBeNull();
  });
});
