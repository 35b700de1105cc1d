/** Filter chain selection order: destination port, prefix ranges, SNI (exact, wildcard), transport, ALPN, default chain. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CidrRange } from '../../envoy/types.ts';
import { parseCidr } from './cidr.ts';
import type { DownstreamConnection } from './downstream-connection.ts';
import type { ChainMatch, FilterChainConfig } from './filter-chain.ts';
import { FilterChainManager } from './filter-chain-manager.ts';

function chain(name: string, m: Partial<Omit<ChainMatch, 'prefixRanges'>> & { prefixRanges?: CidrRange[] } = {}): FilterChainConfig {
  const match: ChainMatch = {
    destinationPort: m.destinationPort,
    prefixRanges: (m.prefixRanges ?? []).map(parseCidr),
    serverNames: m.serverNames ?? [],
    transportProtocol: m.transportProtocol,
    applicationProtocols: m.applicationProtocols ?? [],
    sourcePrefixRanges: [],
    sourcePorts: m.sourcePorts ?? [],
  };
  return { name, match, key: name, tls: undefined, filters: [] } as unknown as FilterChainConfig;
}

function conn(c: Partial<DownstreamConnection>): DownstreamConnection {
  return { listenerPort: 443, localIp: '10.0.0.1', remoteIp: '10.1.1.1', remotePort: 5555, sni: '', transportProtocol: 'raw_buffer', offeredAlpn: [], detectedHttp: '', ...c } as DownstreamConnection;
}

test('server names: exact beats the longest wildcard, which beats shorter ones and catch-alls', () => {
  const m = new FilterChainManager([chain('exact', { serverNames: ['a.example.com'] }), chain('wild', { serverNames: ['*.example.com'] }), chain('deep', { serverNames: ['*.b.example.com'] }), chain('any')], undefined, true, false);
  const pick = (sni: string) => m.select(conn({ sni, transportProtocol: 'tls' }))?.name;
  assert.equal(pick('a.example.com'), 'exact');
  assert.equal(pick('x.example.com'), 'wild');
  assert.equal(pick('x.b.example.com'), 'deep');
  assert.equal(pick('example.com'), 'any');
  assert.equal(pick(''), 'any');
});

test('transport protocol and ALPN narrow after server names', () => {
  const m = new FilterChainManager([chain('tls-h2', { transportProtocol: 'tls', applicationProtocols: ['h2'] }), chain('tls', { transportProtocol: 'tls' }), chain('plain', { transportProtocol: 'raw_buffer' })], undefined, true, false);
  assert.equal(m.select(conn({ transportProtocol: 'tls', offeredAlpn: ['h2', 'http/1.1'] }))?.name, 'tls-h2');
  assert.equal(m.select(conn({ transportProtocol: 'tls', offeredAlpn: ['http/1.1'] }))?.name, 'tls');
  assert.equal(m.select(conn({ transportProtocol: 'raw_buffer' }))?.name, 'plain');
});

test('destination port and prefix ranges come first; no match falls back to the default chain', () => {
  const dflt = chain('default');
  const m = new FilterChainManager([chain('port', { destinationPort: 8443 }), chain('net', { prefixRanges: [{ addressPrefix: '10.0.0.0', prefixLen: 8 }] }), chain('host', { prefixRanges: [{ addressPrefix: '10.0.0.1', prefixLen: 32 }], serverNames: ['only.example'] })], dflt, true, false);
  assert.equal(m.select(conn({ listenerPort: 8443 }))?.name, 'port');
  assert.equal(m.select(conn({ localIp: '10.9.9.9' }))?.name, 'net');
  assert.equal(m.select(conn({ localIp: '10.0.0.1', sni: 'only.example', transportProtocol: 'tls' }))?.name, 'host');
  assert.equal(m.select(conn({ localIp: '10.0.0.1', sni: 'other', transportProtocol: 'tls' }))?.name, 'default', 'the most specific prefix wins even if a later criterion then fails');
  assert.equal(m.select(conn({ localIp: '192.168.0.1' }))?.name, 'default');
});

test('identical match rules are rejected', () => {
  assert.throws(() => new FilterChainManager([chain('a', { serverNames: ['x.com', 'y.com'] }), chain('b', { serverNames: ['y.com'] })], undefined, true, false), /same matching rules.*y\.com/);
  assert.throws(() => new FilterChainManager([chain('a'), chain('b')], undefined, false, false), /same matching rules/);
});
