/** Tests for proto.ts: strict validation, encode/decode round trips, Any packing, canonical form. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalResource, decodeResource, encodeResource, messageType, packAny, ProtoEncodeError, protoLoadStats, unpackAny, validateResource } from './proto.ts';
import { TYPE_URL } from './type-urls.ts';
import type { Cluster, Listener, RouteConfiguration } from './types.ts';

const listener: Listener = {
  name: '0.0.0.0_80',
  address: { socketAddress: { address: '0.0.0.0', portValue: 80 } },
  trafficDirection: 'OUTBOUND',
  filterChains: [
    {
      filters: [
        {
          name: 'envoy.filters.network.http_connection_manager',
          typedConfig: {
            '@type': TYPE_URL.httpConnectionManager,
            statPrefix: 'outbound_0.0.0.0_80',
            rds: { configSource: { ads: {}, resourceApiVersion: 'V3' }, routeConfigName: 'http.80' },
            httpFilters: [
              { name: 'envoy.filters.http.fault', typedConfig: { '@type': TYPE_URL.fault } },
              { name: 'envoy.filters.http.router', typedConfig: { '@type': TYPE_URL.router } },
            ],
          },
        },
      ],
    },
  ],
};

const route: RouteConfiguration = {
  name: 'http.80',
  virtualHosts: [
    {
      name: 'httpbin.local:80',
      domains: ['httpbin.local', 'httpbin.local:80'],
      routes: [
        {
          match: { prefix: '/' },
          route: {
            cluster: 'outbound|80|v2|httpbin-service.default.svc.cluster.local',
            timeout: '0s',
            retryPolicy: { retryOn: 'connect-failure,refused-stream', numRetries: 10, hostSelectionRetryMaxAttempts: '5', retriableStatusCodes: [503], retryHostPredicate: [{ name: 'envoy.retry_host_predicates.previous_hosts', typedConfig: { '@type': TYPE_URL.previousHosts } }] },
            maxGrpcTimeout: '0s',
          },
          metadata: { filterMetadata: { istio: { config: '/apis/networking.istio.io/v1alpha3/namespaces/default/virtual-service/httpbin' } } },
          decorator: { operation: 'httpbin-service.default.svc.cluster.local:80/*' },
        },
      ],
    },
  ],
  validateClusters: false,
};

test('a listener with nested typedConfig round-trips byte → JSON exactly', () => {
  const bytes = encodeResource(TYPE_URL.listener, listener);
  assert.ok(bytes.length > 50);
  assert.deepEqual(decodeResource(TYPE_URL.listener, bytes), listener);
});

test('a route configuration with Struct metadata, int64 strings and BoolValue false round-trips', () => {
  assert.deepEqual(canonicalResource(TYPE_URL.route, route), route);
});

test('canonical form: durations get 3/6/9 digits, implicit defaults vanish, oneof defaults stay', () => {
  const cluster: Cluster = { name: 'c', type: 'STATIC', connectTimeout: '1.5s', lbPolicy: 'ROUND_ROBIN', outlierDetection: { consecutive5xx: 5, interval: '0.000001s' } };
  assert.deepEqual(canonicalResource(TYPE_URL.cluster, cluster), { name: 'c', type: 'STATIC', connectTimeout: '1.500s', outlierDetection: { consecutive5xx: 5, interval: '0.000001s' } });
});

test('validateResource reports typos with a suggestion, snake_case, bad enums and bad durations', () => {
  const issues = validateResource(TYPE_URL.cluster, { name: 'c', lbPolicy: 'ROUND_ROBN', conectTimeout: '1s', outlierDetection: { consecutive_5xx: 1, interval: '10' } });
  const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
  assert.match(byPath['lbPolicy'], /did you mean "ROUND_ROBIN"/);
  assert.match(byPath['conectTimeout'], /unknown field "conectTimeout" .*did you mean "connectTimeout"/);
  assert.match(byPath['outlierDetection.consecutive_5xx'], /camelCase: "consecutive5xx"/);
  assert.match(byPath['outlierDetection.interval'], /expected a duration/);
  assert.equal(issues.length, 4);
});

test('nested typedConfig is checked by its own @type, recursively', () => {
  const bad = structuredClone(listener) as any;
  bad.filterChains[0].filters[0].typedConfig.httpFilters[0].typedConfig.abort = { httpStatus: 503, percentag: {} };
  bad.filterChains[0].filters[0].typedConfig.httpFilters[1].typedConfig = { '@type': 'type.googleapis.com/envoy.nothing.v3.Nope' };
  const issues = validateResource(TYPE_URL.listener, bad);
  assert.deepEqual(issues.map((i) => i.path), [
    'filterChains[0].filters[0].typedConfig.httpFilters[0].typedConfig.abort.percentag',
    'filterChains[0].filters[0].typedConfig.httpFilters[1].typedConfig.@type',
  ]);
});

test("Envoy's protoc-gen-validate rules are enforced: required, min_len, ranges, oneof", () => {
  const issues = validateResource(TYPE_URL.route, { name: 'r', virtualHosts: [{ name: 'v', domains: [], routes: [{ route: { cluster: 'a', clusterHeader: 'x' } }] }] });
  const text = issues.map((i) => `${i.path}: ${i.message}`);
  assert.ok(text.some((t) => /virtualHosts\[0\]\.domains: value must contain at least 1 item/.test(t)), text.join('\n'));
  assert.ok(text.some((t) => /routes\[0\]\.match: value is required/.test(t)), text.join('\n'));
  assert.ok(text.some((t) => /routes\[0\]\.route: fields "cluster" and "clusterHeader" are alternatives/.test(t)), text.join('\n'));
  const port = validateResource(TYPE_URL.listener, { name: 'l', address: { socketAddress: { address: '0.0.0.0', portValue: 70000 } } });
  assert.match(port.map((i) => i.message).join(), /less than or equal to 65535/);
});

test('wrong value types and non-integers are errors; int64 accepts strings', () => {
  const issues = validateResource(TYPE_URL.cluster, { name: 5, connectTimeout: '1s', perConnectionBufferLimitBytes: 1.5, circuitBreakers: { thresholds: [{ maxConnections: -1 }] } });
  assert.deepEqual(issues.map((i) => i.path).sort(), ['circuitBreakers.thresholds[0].maxConnections', 'name', 'perConnectionBufferLimitBytes']);
  assert.deepEqual(validateResource(TYPE_URL.cluster, { name: 'c', maglevLbConfig: { tableSize: '65537' } }), []);
});

test('encodeResource throws ProtoEncodeError with the issues', () => {
  assert.throws(() => encodeResource(TYPE_URL.listener, { name: 'x', bogus: true }), (e: unknown) => e instanceof ProtoEncodeError && e.issues[0].path === 'bogus' && /unknown field "bogus"/.test(e.message));
});

test('packAny/unpackAny round-trip a typed config, including a well-known type', () => {
  const fault = { '@type': TYPE_URL.fault, abort: { httpStatus: 503, percentage: { numerator: 50 } } };
  const packed = packAny(fault);
  assert.equal(packed.typeUrl, TYPE_URL.fault);
  assert.deepEqual(unpackAny(packed), fault);
  const struct = { '@type': 'type.googleapis.com/google.protobuf.Struct', value: { a: [1, 'x', null, { b: true }] } };
  assert.deepEqual(unpackAny(packAny(struct)), struct);
});

test('the bytes are real protobuf: decoding with the raw type gives the same fields', () => {
  const bytes = encodeResource(TYPE_URL.cluster, { name: 'outbound|80||a', type: 'EDS', edsClusterConfig: { edsConfig: { ads: {} }, serviceName: 'outbound|80||a' } });
  const raw = messageType('envoy.config.cluster.v3.Cluster').decode(bytes) as any;
  assert.equal(raw.name, 'outbound|80||a');
  assert.equal(raw.eds_cluster_config.service_name, 'outbound|80||a');
});

test('protos load once and report their load time', () => {
  const s = protoLoadStats();
  assert.ok(s.coreLoadMs > 0);
  assert.ok(s.files > 50);
});
