/** Tests for xds-wire.ts: the xDS messages round-trip, and a pre-encoded response body plus nonce equals the full encoding. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeResource } from './proto.ts';
import { TYPE_URL } from './type-urls.ts';
import { xdsWire } from './xds-wire.ts';

test('DiscoveryRequest with node metadata and error_detail round-trips', () => {
  const req = { versionInfo: 'v1', node: { id: 'router~1.2.3.4~gw.ns~ns.svc.cluster.local', metadata: { LABELS: { istio: 'ingressgateway' }, ISTIO_VERSION: '1.22', N: 3, L: [true, null] } }, resourceNames: ['http.80'], typeUrl: TYPE_URL.route, responseNonce: 'n1', errorDetail: { code: 3, message: 'bad route' } };
  assert.deepEqual(xdsWire.decodeRequest(xdsWire.encodeRequest(req)), req);
});

test('a response body encoded once plus the nonce decodes like a fully encoded response', () => {
  const value = encodeResource(TYPE_URL.cluster, { name: 'c', type: 'STATIC' });
  const res = { versionInfo: 'abc', resources: [{ typeUrl: TYPE_URL.cluster, value }], typeUrl: TYPE_URL.cluster, nonce: 'x'.repeat(200), controlPlane: { identifier: 'sextant-1' } };
  const full = xdsWire.decodeResponse(xdsWire.encodeResponse(res));
  const spliced = xdsWire.decodeResponse(xdsWire.encodeResponse({ ...res, body: xdsWire.encodeResponseBody(res) }));
  assert.deepEqual(spliced, full);
  assert.equal(spliced.nonce.length, 200, 'a nonce longer than 127 bytes needs a two-byte length');
  assert.deepEqual(Buffer.from(spliced.resources[0].value), Buffer.from(value));
});

test('delta messages round-trip', () => {
  const req = { node: { id: 'sidecar~1.1.1.1~a.b~b.svc.cluster.local' }, typeUrl: TYPE_URL.endpoint, resourceNamesSubscribe: ['a'], resourceNamesUnsubscribe: ['b'], initialResourceVersions: { c: '1' }, responseNonce: '', errorDetail: undefined };
  assert.deepEqual(xdsWire.decodeDeltaRequest(xdsWire.encodeDeltaRequest(req)), req);
  const value = encodeResource(TYPE_URL.endpoint, { clusterName: 'a' });
  const res = { systemVersionInfo: 's', resources: [{ name: 'a', version: 'v', resource: { typeUrl: TYPE_URL.endpoint, value } }], typeUrl: TYPE_URL.endpoint, removedResources: ['b'], nonce: 'n', controlPlane: undefined };
  const back = xdsWire.decodeDeltaResponse(xdsWire.encodeDeltaResponse(res));
  assert.deepEqual(xdsWire.decodeDeltaResponse(xdsWire.encodeDeltaResponse({ ...res, body: xdsWire.encodeDeltaResponseBody(res) })), back, 'a shared body plus the nonce decodes the same');
  assert.deepEqual({ ...back, resources: back.resources.map((r) => ({ ...r, resource: { ...r.resource, value: Buffer.from(r.resource.value) } })) }, { ...res, resources: [{ name: 'a', version: 'v', resource: { typeUrl: TYPE_URL.endpoint, value: Buffer.from(value) } }] });
});
