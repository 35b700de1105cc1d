/** A server's own virtual host shape: sorted lower-cased hosts, `host` and `host:port` domains, shared per server. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Server } from '../model/api-types.ts';
import type { MergedServer } from '../model/merged-gateway.ts';
import { serverHosts, servesEveryHost, sortInPlace } from './server-hosts.ts';

const server = (hosts: string[], port = 80): MergedServer => ({ server: { port: { number: port, name: 'http', protocol: 'HTTP' }, hosts } as Server, gatewayName: 'ns/gw', gateway: undefined as never, index: 0, routeName: `http.${port}` });

test('the whole-server virtual host: hosts lower-cased and sorted, named after the first, wildcard host alone', () => {
  const sh = serverHosts(server(['b.example.com', 'A.example.com', '*'], 8080));
  assert.deepEqual(sh.whole, { hosts: ['*', 'a.example.com', 'b.example.com'], name: '*:8080', domains: ['*', 'a.example.com', 'a.example.com:8080', 'b.example.com', 'b.example.com:8080'] });
  assert.equal(sh.plain, false, 'a wildcard host needs the full intersection');
});

test('hosts equal once lower-cased leave no whole-server shape; repeated hosts are not plain', () => {
  assert.equal(serverHosts(server(['a.com', 'A.com'])).whole, undefined);
  assert.equal(serverHosts(server(['a.com', 'a.com'])).plain, false);
  assert.equal(serverHosts(server(['a.com', 'b.com'])).plain, true);
});

test('computed once per server', () => {
  const ms = server(['a.com']);
  assert.equal(serverHosts(ms), serverHosts(ms));
});

test('servesEveryHost compares in order; sortInPlace is stable at any size', () => {
  assert.equal(servesEveryHost(['a', 'b'], ['a', 'b']), true);
  assert.equal(servesEveryHost(['a', 'b'], ['b', 'a']), false);
  assert.equal(servesEveryHost(['a', 'b'], ['a']), false);
  for (const n of [3, 20]) {
    const items = Array.from({ length: n }, (_, i) => ({ k: (i * 7) % 3, i }));
    const sorted = sortInPlace(items.slice(), (x, y) => x.k - y.k);
    assert.deepEqual(sorted, items.slice().sort((x, y) => x.k - y.k));
  }
});
