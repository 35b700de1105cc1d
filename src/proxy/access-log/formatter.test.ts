/** Envoy substitution formats: operators, alternates, lengths, `%%`, START_TIME formats, JSON output. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileJsonFormat, compileTextFormat } from './formatter.ts';
import { ISTIO_JSON_FORMAT, ISTIO_TEXT_FORMAT } from './istio-formats.ts';
import { FLAG } from './response-flags.ts';
import type { StreamInfo } from './stream-info.ts';

function info(over: Partial<StreamInfo> = {}): StreamInfo {
  const req: Record<string, string> = { ':method': 'GET', ':path': '/headers?x=1', ':authority': 'httpbin.local', 'user-agent': 'curl/7.64.1', 'x-request-id': 'rid', 'x-forwarded-for': '10.0.0.1' };
  const resp: Record<string, string> = { 'x-envoy-upstream-service-time': '10' };
  return {
    startTime: Date.UTC(2020, 2, 8, 14, 5, 34, 372),
    startMono: 100,
    endMono: 110.6,
    protocol: 'HTTP/1.1',
    responseCode: 200,
    responseCodeDetails: 'via_upstream',
    responseFlags: 0,
    bytesReceived: 0,
    bytesSent: 586,
    upstreamCluster: 'outbound|80|v2|httpbin-service.default.svc.cluster.local',
    upstreamHost: '172.17.0.8:80',
    upstreamLocalAddress: '172.17.0.6:40834',
    upstreamTransportFailureReason: '',
    routeName: '',
    attemptCount: 1,
    connectionTerminationDetails: '',
    upstreamServiceTimeMs: 10,
    downstream: {
      id: 7,
      localAddressText: '172.17.0.6:80',
      remoteAddressText: '192.168.64.1:54868',
      localIp: '172.17.0.6',
      remoteIp: '192.168.64.1',
      localPort: 80,
      remotePort: 54868,
      sni: '',
      tlsTerminated: false,
      tlsVersion: () => '',
      tlsCipher: () => '',
      peerUriSan: () => '',
      localUriSan: () => '',
      peerSubject: () => '',
      peerIssuer: () => '',
      peerFingerprint256: () => '',
      peerSerial: () => '',
      peerCertificatePresented: () => false,
      peerCertificateValidated: () => false,
    },
    requestHeader: (n) => req[n],
    responseHeader: (n) => resp[n],
    responseTrailer: () => undefined,
    ...over,
  };
}

test("Istio's default text format", () => {
  const f = compileTextFormat(ISTIO_TEXT_FORMAT);
  assert.equal(
    f(info()),
    '[2020-03-08T14:05:34.372Z] "GET /headers?x=1 HTTP/1.1" 200 - via_upstream - "-" 0 586 10 10 "10.0.0.1" "curl/7.64.1" "rid" "httpbin.local" "172.17.0.8:80" outbound|80|v2|httpbin-service.default.svc.cluster.local 172.17.0.6:40834 172.17.0.6:80 192.168.64.1:54868 - -\n',
  );
});

test('operators: alternates, max length, %%, flags, START_TIME formats', () => {
  const i = info({ responseFlags: FLAG.UH | FLAG.URX, routeName: 'default' });
  assert.equal(compileTextFormat('%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%')(i), '/headers?x=1');
  assert.equal(compileTextFormat('%REQ_WITHOUT_QUERY(:PATH)%')(i), '/headers');
  assert.equal(compileTextFormat('%REQ(USER-AGENT):4%')(i), 'curl');
  assert.equal(compileTextFormat('100%% %RESPONSE_FLAGS% %ROUTE_NAME%')(i), '100% UH,URX default');
  assert.equal(compileTextFormat('%START_TIME(%Y/%m/%dT%H:%M:%S%z)%')(i), '2020/03/08T14:05:34+0000');
  assert.equal(compileTextFormat('%START_TIME(%s.%3f)%')(i), '1583676334.372');
  assert.equal(compileTextFormat('%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%')(i), '192.168.64.1');
  const warnings: string[] = [];
  assert.equal(compileTextFormat('%NOPE%', (w) => warnings.push(w))(i), '-');
  assert.equal(warnings.length, 1);
  assert.throws(() => compileTextFormat('50% off'), /lone %/);
});

test('the JSON encoding: sorted keys, seed 001 fields, strings, "-" for missing', () => {
  const line = compileJsonFormat(ISTIO_JSON_FORMAT, false)(info());
  assert.ok(line.endsWith('}\n'));
  const o = JSON.parse(line);
  assert.deepEqual(Object.keys(o), [...Object.keys(o)].sort());
  assert.equal(o.authority, 'httpbin.local');
  assert.equal(o.bytes_sent, '586');
  assert.equal(o.duration, '10');
  assert.equal(o.response_flags, '-');
  assert.equal(o.route_name, '-');
  assert.equal(o.upstream_service_time, '10');
  assert.equal(o.x_forwarded_for, '10.0.0.1');
  const omit = JSON.parse(compileJsonFormat({ a: '%ROUTE_NAME%', b: '%PROTOCOL%', n: 3, nested: { c: '%RESPONSE_CODE%' } }, true)(info()));
  assert.deepEqual(omit, { b: 'HTTP/1.1', n: 3, nested: { c: '200' } });
});
