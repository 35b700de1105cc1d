/** Istio's protocol of a Service port: name prefix, appProtocol, UDP and well-known ports. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { servicePortProtocol } from './port-protocol.ts';

const cases: [port: number, name: string | undefined, protocol: string | undefined, appProtocol: string | undefined, want: string | undefined][] = [
  [80, 'http', undefined, undefined, 'HTTP'],
  [80, 'http-web', 'TCP', undefined, 'HTTP'],
  [80, 'HTTP2', undefined, undefined, 'HTTP2'],
  [443, 'https', undefined, undefined, 'HTTPS'],
  [443, 'https-admin', undefined, undefined, 'HTTPS'],
  [9090, 'grpc', undefined, undefined, 'GRPC'],
  [9090, 'grpc-web', undefined, undefined, 'GRPC-Web'],
  [9090, 'grpc-web-ui', undefined, undefined, 'GRPC-Web'],
  [9090, 'grpc-api', undefined, undefined, 'GRPC'],
  [5432, 'tcp-postgres', undefined, undefined, 'TCP'],
  [15443, 'tls', undefined, undefined, 'TLS'],
  [27017, 'mongo', undefined, undefined, 'Mongo'],
  [6379, 'redis-main', undefined, undefined, 'Redis'],
  [8080, 'http_proxy', undefined, undefined, 'HTTP_PROXY'],
  [53, 'dns', 'UDP', 'http', 'UDP'],
  [80, 'web', undefined, 'http', 'HTTP'],
  [80, 'http', undefined, 'tcp', 'TCP'],
  [80, 'web', undefined, 'kubernetes.io/h2c', 'HTTP2'],
  [80, 'web', undefined, 'kubernetes.io/ws', 'HTTP'],
  [443, 'web', undefined, 'kubernetes.io/wss', 'HTTPS'],
  [3306, undefined, undefined, undefined, 'TCP'],
  [25, 'smtp', undefined, undefined, 'TCP'],
  [80, 'web', undefined, undefined, undefined],
  [80, undefined, undefined, undefined, undefined],
  [15020, 'status-port', undefined, undefined, undefined],
  [80, 'httpx', undefined, undefined, undefined],
];

test('servicePortProtocol follows Istio ConvertProtocol', () => {
  for (const [port, name, protocol, appProtocol, want] of cases) {
    assert.equal(servicePortProtocol(port, name, protocol, appProtocol), want, `${port} ${name} ${protocol} ${appProtocol}`);
  }
});
