/**
 * `concurrency: 2`: two worker processes share the listening socket, each applies the same bundle,
 * requests succeed, the supervisor's Prometheus endpoint sums both workers, a bad bundle is
 * rejected by all of them, and stop drains both.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { Proxy } from '../../src/proxy/index.ts';
import { startHttpbin, type HttpbinServer } from '../../src/samples/httpbin/index.ts';
import { request } from '../helpers/http-client.ts';
import { accessLog, httpBundle, staticCluster } from './fixtures.ts';

let hb: HttpbinServer;
before(async () => {
  hb = await startHttpbin({ version: 'v1' });
});
after(() => hb.close());

test('two workers serve one listener and report merged metrics', async () => {
  const lines: string[] = [];
  const proxy = new Proxy({ concurrency: 2, bindAddress: '127.0.0.1', adminPort: 0, statsPort: 0, readinessPort: null, accessLog: (l) => lines.push(l), log: () => {} });
  try {
    const routes = [{ name: 'http.80', virtualHosts: [{ name: 'all', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: 'hb' } }] }] }];
    const r = await proxy.apply(httpBundle(routes, [staticCluster('hb', [hb.port])], { accessLog: [accessLog('json')] }));
    assert.equal(r.accepted, true, r.errors.join());
    const port = proxy.listenerPort('http')!;
    assert.ok(port > 0);
    // Separate connections so the primary can hand them to both workers.
    const results = await Promise.all(Array.from({ length: 20 }, () => request(port, { path: '/ip', agent: new http.Agent({ keepAlive: false }) })));
    assert.ok(results.every((x) => x.status === 200));
    const info = JSON.parse(await (await fetch(`http://127.0.0.1:${proxy.adminPort}/server_info`)).text());
    assert.equal(info.workers, 2);
    const prom = await (await fetch(`http://127.0.0.1:${proxy.statsPort}/stats/prometheus`)).text();
    assert.match(prom, /istio_requests_total\{[^}]*response_code="200"[^}]*\} 20\n/);
    const dump = JSON.parse(await (await fetch(`http://127.0.0.1:${proxy.adminPort}/config_dump`)).text());
    assert.equal(dump.configs[2].dynamicListeners[0].name, 'http');
    for (let i = 0; i < 100 && lines.length < 20; i++) await new Promise((res) => setTimeout(res, 20));
    assert.equal(lines.length, 20, 'access log lines come back from both workers');
    const bad = await proxy.apply(httpBundle([{ name: 'http.80', virtualHosts: [{ name: 'x', domains: ['*'], routes: [{ match: { safeRegex: { regex: '(' } }, route: { cluster: 'hb' } }] }] }], [staticCluster('hb', [hb.port])]));
    assert.equal(bad.accepted, false);
    assert.equal((await request(port, { path: '/ip' })).status, 200);
  } finally {
    await proxy.stop({ drainMs: 200 });
  }
});
