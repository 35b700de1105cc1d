/**
 * explain as a test oracle: one ingress configuration, a table of requests with the outcome each
 * should have, run both through `explainRequest` and through the live TypeScript proxy given the
 * very bundle explain walked (listeners moved to ephemeral loopback ports) with httpbin v1 and v2
 * behind it. Both must give the expected outcome: the status the proxy answers itself, or the
 * upstream version (httpbin's x-sextant-version header) it forwards to.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import { after, before, test } from 'node:test';
import { loadText } from '../../src/config/load.ts';
import type { ProxyResources } from '../../src/envoy/types.ts';
import { explainRequest, type ExplainRequestInput, type ExplainResult } from '../../src/explain/index.ts';
import { generateWithReport, type GenerationReport } from '../../src/generate/index.ts';
import { buildSnapshot, type MeshSnapshot } from '../../src/model/snapshot.ts';
import { proxyForWorkload } from '../../src/model/workload-proxy.ts';
import { Proxy } from '../../src/proxy/index.ts';
import { startHttpbin, type HttpbinServer } from '../../src/samples/httpbin/index.ts';
import { createCa, type TestCa } from '../helpers/certs.ts';
import { conformanceConfig } from './conformance-config.ts';

type Expect = { status: number; location?: string } | { version: string; status?: number };

const CASES: [string, ExplainRequestInput, Expect][] = [
  ['default route', { url: 'http://web.example.com/ip' }, { version: 'v1' }],
  ['header match', { url: 'http://web.example.com/ip', headers: { 'x-canary': 'true' } }, { version: 'v2' }],
  ['method match', { url: 'http://web.example.com/anything', method: 'POST' }, { version: 'v2' }],
  ['query parameter match', { url: 'http://web.example.com/get?debug=1' }, { version: 'v2' }],
  ['query parameter mismatch', { url: 'http://web.example.com/get?debug=0' }, { version: 'v1' }],
  ['RE2 regex match', { url: 'http://web.example.com/re/42' }, { version: 'v2', status: 404 }],
  ['RE2 regex mismatch', { url: 'http://web.example.com/re/4x2' }, { version: 'v1', status: 404 }],
  ['ignoreUriCase', { url: 'http://web.example.com/Case/ip' }, { version: 'v2', status: 404 }],
  ['redirect', { url: 'http://web.example.com/old/page?q=1' }, { status: 301, location: 'http://web.example.com/new?q=1' }],
  ['direct response', { url: 'http://web.example.com/down' }, { status: 503 }],
  ['fault abort 100%', { url: 'http://web.example.com/teapot' }, { status: 418 }],
  ['prefix rewrite', { url: 'http://web.example.com/rewrite/418' }, { version: 'v1', status: 418 }],
  ['subset without endpoints: 503 UH', { url: 'http://web.example.com/v3/ip' }, { status: 503 }],
  ['subset without cluster: 503 NC', { url: 'http://web.example.com/nc/ip' }, { status: 503 }],
  ['Host with the port', { url: 'http://web.example.com/ip', headers: { host: 'web.example.com:80' } }, { version: 'v1' }],
  ['unknown host: no virtual host', { url: 'http://nobody.example.com/ip' }, { status: 404 }],
  ['Gateway host without VirtualService', { url: 'http://old.example.com/ip' }, { status: 404 }],
  ['httpsRedirect', { url: 'http://secure.example.com/a?b=1' }, { status: 301, location: 'https://secure.example.com/a?b=1' }],
  ['HTTPS by SNI: shop', { url: 'https://shop.example.com/ip' }, { version: 'v1' }],
  ['HTTPS by SNI: blog', { url: 'https://blog.example.com/ip' }, { version: 'v2' }],
];

let v1: HttpbinServer;
let v2: HttpbinServer;
let ca: TestCa;
let snapshot: MeshSnapshot;
let generated: GenerationReport;
let proxy: Proxy;

function liveBundle(r: ProxyResources): ProxyResources {
  const copy = structuredClone(r);
  for (const l of copy.listeners) l.address = { socketAddress: { address: '127.0.0.1', portValue: 0 } };
  return copy;
}

before(async () => {
  v1 = await startHttpbin({ version: 'v1', host: '127.0.0.1', port: 0 });
  v2 = await startHttpbin({ version: 'v2', host: '127.0.0.1', port: 0 });
  ca = await createCa();
  const shop = await ca.issue({ commonName: 'shop.example.com', dns: ['shop.example.com'] });
  const blog = await ca.issue({ commonName: 'blog.example.com', dns: ['blog.example.com'] });
  const loaded = loadText(conformanceConfig({ v1: v1.port, v2: v2.port, shop, blog }), 'conformance.yaml');
  assert.deepEqual(loaded.diagnostics.filter((d) => d.severity === 'Error'), []);
  snapshot = buildSnapshot(loaded.resources);
  generated = generateWithReport(proxyForWorkload(snapshot, { istio: 'ingressgateway' }), snapshot);
  assert.deepEqual(generated.problems, []);
  proxy = new Proxy({ bindAddress: '127.0.0.1', adminPort: null, statsPort: null, readinessPort: null, accessLog: 'off', log: () => {} });
  const applied = await proxy.apply(liveBundle(generated.resources));
  assert.equal(applied.accepted, true, applied.errors.join('\n'));
});

after(async () => {
  await proxy?.stop({ drainMs: 0 });
  await v1?.close();
  await v2?.close();
});

interface Live {
  status: number;
  version?: string;
  location?: string;
}

function send(r: ExplainResult, listenerPort: number): Promise<Live> {
  const q = r.request;
  const options = { host: '127.0.0.1', port: listenerPort, method: q.method, path: q.path, headers: { ...q.headers, host: q.authority }, agent: false as const };
  return new Promise((resolve, reject) => {
    const onResponse = (res: http.IncomingMessage): void => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, version: res.headers['x-sextant-version'] as string | undefined, location: res.headers.location }));
    };
    const req = q.scheme === 'https' ? https.request({ ...options, servername: q.sni, ca: ca.cert }, onResponse) : http.request(options, onResponse);
    req.on('error', reject);
    req.end();
  });
}

function explained(r: ExplainResult): Live {
  const o = r.outcome;
  if (o.kind === 'forward') {
    const versions = [...new Set((o.endpoints ?? []).map((e) => e.version))];
    assert.equal(versions.length, 1, `one upstream version for ${o.cluster}`);
    return { status: 0, version: versions[0] };
  }
  return { status: o.status ?? 0, location: o.location };
}

for (const [name, request, expect] of CASES) {
  test(`explain and the live proxy agree: ${name}`, async () => {
    const r = explainRequest({ snapshot, labels: { istio: 'ingressgateway' }, generated }, request);
    const predicted = explained(r);
    const port = proxy.listenerPort(r.steps[0]?.name ?? '');
    assert.ok(port, `listener ${r.steps[0]?.name} is bound`);
    const live = await send(r, port);
    if ('version' in expect) {
      assert.equal(predicted.version, expect.version, `explain: ${r.outcome.summary}`);
      assert.equal(live.version, expect.version, `live proxy answered ${live.status} from ${live.version ?? 'the proxy itself'}`);
      assert.equal(live.status, expect.status ?? 200);
    } else {
      assert.equal(predicted.status, expect.status, `explain: ${r.outcome.summary}`);
      assert.equal(live.status, expect.status, 'live proxy status');
      assert.equal(live.version, undefined, 'the live proxy answered itself');
      assert.equal(predicted.location, expect.location);
      assert.equal(live.location, expect.location);
    }
  });
}
