/**
 * Table tests for core/v1 ConfigMap and the mesh config inside ConfigMap `istio` / `istio-mesh-cm`:
 * every problem is reported at its line in the file (block scalar or JSON string), after
 * Istio's MeshConfig validation. Includes seed 003's two mesh ConfigMaps.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadText } from '../load.ts';
import { runCases, type Case } from './case-table.ts';
import { b64, makeCert } from './k8s-test-certs.ts';
import { indent, k8sDoc } from './k8s-test-docs.ts';

const cm = (body: string, name = 'test'): string => k8sDoc('ConfigMap', body, { name, namespace: 'istio-system' });
/** The mesh text as a `mesh: |-` block, followed by a sibling key as in Istio's own ConfigMap. */
const mesh = (text: string, name = 'istio'): string => cm(`data:\n  mesh: |-\n${indent(text, 4)}\n  meshNetworks: 'networks: {}'\n`, name);
const O = { kind: 'ConfigMap', apiVersion: 'v1' };
const P = 'data.mesh';

/** Seed 003 (the AuthorizationPolicy CUSTOM section): includeHeadersInCheck one level too far out. */
export const SEED_003_MESH_CM = `apiVersion: v1
kind: ConfigMap
metadata:
  name: istio-mesh-cm
data:
  mesh: |
    extensionProviders:
      - name: oauth2-proxy
        envoyExtAuthzHttp:
          service: oauth2-proxy.auth.svc.cluster.local
          port: 80
        includeHeadersInCheck:
          - cookie
          - authorization
`;

/** Seed 003 (the RequestAuthentication section): a valid provider, in a ConfigMap the mesh does not read. */
export const SEED_003_FOO_CM = `apiVersion: v1
kind: ConfigMap
metadata:
  name: foo-cm
data:
  mesh: |
    extensionProviders:
      - name: oauth2-proxy
        envoyExtAuthzHttp:
          # 認可リクエストの宛先を設定する
          service: oauth2-proxy.foo-namespace.svc.cluster.local
          port: 4180    
          includeRequestHeadersInCheck:
            - cookie
          headersToUpstreamOnAllow:
            - authorization
          headersToDownstreamOnDeny:
            - set-cookie
`;

const ca = makeCert('root.example.com');

const plain: Case[] = [
  { name: 'data and binaryData', yaml: cm(`data:\n  app.properties: "a=1"\n  empty:\nbinaryData:\n  blob: ${b64('\u0000\u0001')}\nimmutable: true\n`) },
  { name: 'number in data', yaml: cm('data:\n  replicas: 3\n'), errors: [['data.replicas', 'expected a string, got number 3']] },
  { name: 'bad key', yaml: cm('data:\n  "a/b": x\n'), errors: [['data[a/b]', 'a valid key must consist of alphanumeric characters']] },
  { name: 'binaryData not base64', yaml: cm('binaryData:\n  blob: "not base64!"\n'), errors: [['binaryData[blob]', 'illegal base64 data at input byte 3', 'blob:']] },
  { name: 'key in data and binaryData', yaml: cm(`data:\n  a: x\nbinaryData:\n  a: ${b64('x')}\n`), errors: [['binaryData[a]', 'duplicate of key "a" present in data']] },
  { name: 'too large', yaml: cm(`data:\n  big: ${'x'.repeat(1024 * 1024)}\n`), errors: [['data', 'at most 1048576 bytes']] },
  { name: 'field typo', yaml: cm('datta:\n  a: x\n'), errors: [['datta', '(did you mean "data"?)']] },
  { name: 'a mesh key in another ConfigMap is not parsed', yaml: cm('data:\n  mesh: "not: [valid"\n', 'app-config') },
  { name: 'seed 003 foo-cm: mesh config in a ConfigMap the mesh does not read', yaml: SEED_003_FOO_CM, warnings: [[P, 'the mesh reads it only from a ConfigMap named "istio" or "istio-mesh-cm"', 'mesh: |']] },
];

const meshCases: Case[] = [
  {
    name: 'seed 003 istio-mesh-cm: includeHeadersInCheck beside envoyExtAuthzHttp',
    yaml: SEED_003_MESH_CM,
    errors: [[`${P}.extensionProviders[0].includeHeadersInCheck`, '"includeHeadersInCheck" is a field of envoyExtAuthzHttp, not of the extension provider; indent it under envoyExtAuthzHttp', '        includeHeadersInCheck:']],
  },
  { name: 'seed 003 foo-cm content under the name istio-mesh-cm is valid', yaml: SEED_003_FOO_CM.replace('name: foo-cm', 'name: istio-mesh-cm') },
  { name: 'empty mesh', yaml: cm('data:\n  mesh: ""\n', 'istio') },
  { name: 'typical mesh', yaml: mesh('accessLogFile: /dev/stdout\naccessLogEncoding: JSON\nenableTracing: true\ndefaultConfig:\n  discoveryAddress: istiod.istio-system.svc:15012\n  tracing:\n    zipkin:\n      address: zipkin.istio-system:9411\n  proxyMetadata: {}\nrootNamespace: istio-system\ntrustDomain: cluster.local\noutboundTrafficPolicy:\n  mode: REGISTRY_ONLY') },
  { name: 'JSON-style inline mesh string', yaml: cm('data:\n  mesh: "accessLogFile: /dev/stdout\\nenableTracing: true\\n"\n', 'istio') },
  { name: 'mode typo', yaml: mesh('outboundTrafficPolicy:\n  mode: ALLOW_ALL'), errors: [[`${P}.outboundTrafficPolicy.mode`, '(did you mean "ALLOW_ANY"?)', '      mode: ALLOW_ALL']] },
  { name: 'unknown field', yaml: mesh('accessLogFile: /dev/stdout\nenableTracng: true'), errors: [[`${P}.enableTracng`, 'unknown field "enableTracng" in data.mesh (did you mean "enableTracing"?)', '    enableTracng: true']] },
  { name: 'encoding typo', yaml: mesh('accessLogEncoding: json'), errors: [[`${P}.accessLogEncoding`, '(did you mean "JSON"?)']] },
  { name: 'quoted mesh string pins to the value', yaml: cm('data:\n  mesh: "enableTracing: true\\nbogusField: 1\\n"\n  meshNetworks: "networks: {}"\n', 'istio'), errors: [[`${P}.bogusField`, '(line 2:1 of the mesh config)', 'mesh: "enableTracing']] },
  {
    name: 'kubectl -o json ConfigMap pins to the value',
    yaml: '{\n  "apiVersion": "v1",\n  "data": {\n    "mesh": "accessLogFile: /dev/stdout\\nenableTracing: nope\\n"\n  },\n  "kind": "ConfigMap",\n  "metadata": {"name": "istio", "namespace": "istio-system"}\n}\n',
    errors: [[`${P}.enableTracing`, 'expected true or false, got string "nope" (line 2:16 of the mesh config)', '"mesh": "accessLogFile']],
  },
  { name: 'mode missing warns', yaml: mesh('outboundTrafficPolicy: {}'), warnings: [[`${P}.outboundTrafficPolicy.mode`, 'Istio reads as REGISTRY_ONLY', 'outboundTrafficPolicy: {}']] },
  { name: 'removed field', yaml: mesh('terminationDrainDuration: 5s'), errors: [[`${P}.terminationDrainDuration`, 'moved to defaultConfig.terminationDrainDuration', 'terminationDrainDuration: 5s']] },
  { name: 'bad duration', yaml: mesh('connectTimeout: 10'), errors: [[`${P}.connectTimeout`, 'expected a duration']] },
  { name: 'connect timeout too long', yaml: mesh('connectTimeout: 2h'), errors: [[`${P}.connectTimeout`, 'invalid connect timeout: duration must be at most 1h', 'connectTimeout: 2h']] },
  { name: 'connect timeout zero', yaml: mesh('connectTimeout: 0s'), errors: [[`${P}.connectTimeout`, 'duration must be greater than 1ms']] },
  { name: 'protocol detection timeout precision', yaml: mesh('protocolDetectionTimeout: 1500us'), errors: [[`${P}.protocolDetectionTimeout`, 'only durations to ms precision']] },
  { name: 'proxy listen port', yaml: mesh('proxyListenPort: 70000'), errors: [[`${P}.proxyListenPort`, 'port number 70000']] },
  { name: 'root namespace', yaml: mesh('rootNamespace: Istio_System'), errors: [[`${P}.rootNamespace`, 'invalid namespace']] },
  { name: 'trust domain', yaml: mesh('trustDomain: "cluster..local"\ntrustDomainAliases: [ok.org, "bad_alias"]'), errors: [[`${P}.trustDomain`, 'trust domain name "cluster..local" invalid'], [`${P}.trustDomainAliases[1]`, 'trust domain name "bad_alias" invalid']] },
  { name: 'drain duration precision', yaml: mesh('defaultConfig:\n  drainDuration: 1500ms'), errors: [[`${P}.defaultConfig.drainDuration`, 'seconds precision', 'drainDuration: 1500ms']] },
  { name: 'discovery address', yaml: mesh('defaultConfig:\n  discoveryAddress: istiod.istio-system.svc'), errors: [[`${P}.defaultConfig.discoveryAddress`, 'invalid discovery address: unable to split']] },
  { name: 'discovery address port', yaml: mesh('defaultConfig:\n  discoveryAddress: istiod:99999'), errors: [[`${P}.defaultConfig.discoveryAddress`, 'port number 99999']] },
  { name: 'IPv6 discovery address', yaml: mesh('defaultConfig:\n  discoveryAddress: "[fd00::1]:15012"') },
  { name: 'zipkin address', yaml: mesh('defaultConfig:\n  tracing:\n    zipkin:\n      address: "zipkin:port"'), errors: [[`${P}.defaultConfig.tracing.zipkin.address`, 'port (port) is not a number']] },
  { name: 'tracing sampling range', yaml: mesh('defaultConfig:\n  tracing:\n    sampling: 150'), errors: [[`${P}.defaultConfig.tracing.sampling`, 'out of range']] },
  { name: 'two tracers', yaml: mesh('defaultConfig:\n  tracing:\n    zipkin: {address: "z:9411"}\n    datadog: {address: "d:8126"}'), errors: [[`${P}.defaultConfig.tracing`, 'only one of']] },
  { name: 'proxy config typo', yaml: mesh('defaultConfig:\n  concurency: 2'), errors: [[`${P}.defaultConfig.concurency`, '(did you mean "concurrency"?)', 'concurency: 2']] },
  { name: 'proxy status port', yaml: mesh('defaultConfig:\n  statusPort: 0'), errors: [[`${P}.defaultConfig.statusPort`, 'port number 0']] },
  { name: 'control plane auth INHERIT', yaml: mesh('defaultConfig:\n  controlPlaneAuthPolicy: INHERIT'), errors: [[`${P}.defaultConfig.controlPlaneAuthPolicy`, 'unrecognized control plane auth policy']] },
  { name: 'deprecated DNS auto allocate', yaml: mesh('defaultConfig:\n  proxyMetadata:\n    ISTIO_META_DNS_AUTO_ALLOCATE: "true"'), warnings: [[`${P}.defaultConfig.proxyMetadata.ISTIO_META_DNS_AUTO_ALLOCATE`, 'is deprecated']] },
  { name: 'deprecated proxy field', yaml: mesh('defaultConfig:\n  zipkinAddress: "z:9411"'), warnings: [[`${P}.defaultConfig.zipkinAddress`, 'use tracing.zipkin.address instead']] },
  { name: 'locality distribute and failover', yaml: mesh('localityLbSetting:\n  distribute:\n  - from: us-east/*\n    to: {"us-west/*": 100}\n  failover:\n  - {from: us-east, to: us-west}'), errors: [[`${P}.localityLbSetting.failover`, "can not simultaneously specify 'distribute' and 'failover'"]] },
  { name: 'locality weights', yaml: mesh('localityLbSetting:\n  distribute:\n  - from: us-east/*\n    to: {"us-west/*": 60, "us-central/*": 30}'), errors: [[`${P}.localityLbSetting.distribute[0].to`, 'total locality weight 90 != 100']] },
  { name: 'service settings host', yaml: mesh('serviceSettings:\n- settings: {clusterLocal: true}\n  hosts: ["*.svc.cluster.local", "bad host"]'), errors: [[`${P}.serviceSettings[0].hosts[1]`, 'invalid']] },
  { name: 'mesh mTLS curves', yaml: mesh('meshMTLS:\n  ecdhCurves: [P-256]'), errors: [[`${P}.meshMTLS.ecdhCurves`, 'mesh TLS does not support ECDH curves configuration']] },
  { name: 'tls defaults curves', yaml: mesh('tlsDefaults:\n  ecdhCurves: [P-256, P-999, P-256]'), warnings: [[`${P}.tlsDefaults.ecdhCurves[1]`, 'unrecognized ECDH curve "P-999"'], [`${P}.tlsDefaults.ecdhCurves[2]`, 'duplicate ECDH curve "P-256"']] },
  { name: 'export defaults', yaml: mesh('defaultVirtualServiceExportTo: ["*", "."]\ndefaultServiceExportTo: ["~"]\ndefaultDestinationRuleExportTo: ["Bad_NS"]'), errors: [[`${P}.defaultVirtualServiceExportTo`, 'cannot have both public (*) and non-public'], [`${P}.defaultDestinationRuleExportTo[0]`, 'only ".", "*", or a valid DNS 1123 label']] },
  { name: 'discovery selectors', yaml: mesh('discoverySelectors:\n- matchLabels: {istio-discovery: enabled}\n- matchExpressions:\n  - {key: env, operator: In}'), errors: [[`${P}.discoverySelectors[1].matchExpressions[0].values`, 'values must be non-empty when operator is In']] },
  { name: 'CA certificates', yaml: mesh(`caCertificates:\n- pem: |\n${indent(ca.certPem.trimEnd(), 4)}\n  trustDomains: [example.org]\n- pem: not a certificate\n- spiffeBundleUrl: https://bundle.example.org`), errors: [[`${P}.caCertificates[1].pem`, 'pem holds no PEM certificate']] },
  { name: 'JSON access log format', yaml: mesh('accessLogEncoding: JSON\naccessLogFormat: \'{"code": "%RESPONSE_CODE%"}\'') },
  { name: 'JSON encoding with text format', yaml: mesh('accessLogEncoding: JSON\naccessLogFormat: "[%START_TIME%] %RESPONSE_CODE%"'), warnings: [[`${P}.accessLogFormat`, 'must be a JSON object']] },
  { name: 'default traffic policy', yaml: mesh('defaultTrafficPolicy:\n  connectionPool:\n    tcp: {maxConnections: 100}\n  outlierDetection: {consecutive5xxErrors: 5, interval: 10s}') },
  { name: 'default providers name known providers', yaml: mesh('defaultProviders:\n  accessLogging: [envoy]\n  metrics: [prometheus]') },
  { name: 'default provider unknown', yaml: mesh('defaultProviders:\n  tracing: [zipkin]'), warnings: [[`${P}.defaultProviders.tracing[0]`, 'no extension provider named "zipkin"', '      tracing: [zipkin]']] },

  // extension providers
  {
    name: 'all common providers',
    yaml: mesh(
      [
        'extensionProviders:',
        '- name: http-authz',
        '  envoyExtAuthzHttp: {service: authz.foo.svc.cluster.local, port: 8000, pathPrefix: /check, statusOnError: "503", timeout: 1s, failOpen: true, includeRequestHeadersInCheck: [cookie], includeAdditionalHeadersInCheck: {x-a: b}, includeRequestBodyInCheck: {maxRequestBytes: 1024}}',
        '- name: grpc-authz',
        '  envoyExtAuthzGrpc: {service: foo/authz.foo.svc.cluster.local, port: 9000}',
        '- name: otel',
        '  opentelemetry: {service: otel.observability.svc.cluster.local, port: 4317, grpc: {timeout: 1s}, resourceDetectors: {environment: {}}}',
        '- name: zipkin',
        '  zipkin: {service: zipkin.istio-system.svc.cluster.local, port: 9411, maxTagLength: 256, enable64bitTraceId: true}',
        '- name: file',
        '  envoyFileAccessLog: {path: /dev/stdout, logFormat: {labels: {code: "%RESPONSE_CODE%"}}}',
        '- name: als',
        '  envoyOtelAls: {service: otel.observability.svc.cluster.local, port: 4317, logName: mesh}',
        '- name: sky',
        '  skywalking: {service: 10.0.0.5, port: 11800}',
        '- name: dd',
        '  datadog: {service: datadog.agent.svc.cluster.local, port: 8126}',
        '- name: prom',
        '  prometheus: {}',
        '- name: sd',
        '  stackdriver: {maxTagLength: 100}',
      ].join('\n'),
    ),
  },
  { name: 'provider field typo', yaml: mesh('extensionProviders:\n- name: a\n  envoyExtAuthzHttp: {service: a.b.svc, port: 80, pathPrefx: /x}'), errors: [[`${P}.extensionProviders[0].envoyExtAuthzHttp.pathPrefx`, '(did you mean "pathPrefix"?)']] },
  { name: 'provider without name', yaml: mesh('extensionProviders:\n- prometheus: {}'), errors: [[`${P}.extensionProviders[0].name`, 'missing required field "name"']] },
  { name: 'provider without block', yaml: mesh('extensionProviders:\n- name: lonely'), warnings: [[`${P}.extensionProviders[0]`, 'invalid extension provider lonely: sets no provider', 'name: lonely']] },
  { name: 'duplicate provider names', yaml: mesh('extensionProviders:\n- name: p\n  prometheus: {}\n- name: p\n  prometheus: {}'), warnings: [[`${P}.extensionProviders[1].name`, 'duplicate extension provider name p']] },
  { name: 'provider service and port', yaml: mesh('extensionProviders:\n- name: z\n  zipkin: {service: "bad service", port: 0}'), warnings: [[`${P}.extensionProviders[0].zipkin.service`, 'invalid service "bad service"'], [`${P}.extensionProviders[0].zipkin.port`, 'invalid service port: port number 0']] },
  { name: 'provider missing service', yaml: mesh('extensionProviders:\n- name: a\n  envoyExtAuthzGrpc: {port: 9000}'), warnings: [[`${P}.extensionProviders[0].envoyExtAuthzGrpc.service`, 'service must not be empty']] },
  { name: 'ext-authz statusOnError and pathPrefix', yaml: mesh('extensionProviders:\n- name: a\n  envoyExtAuthzHttp: {service: a.b.svc, port: 80, statusOnError: forbidden, pathPrefix: check}'), warnings: [[`${P}.extensionProviders[0].envoyExtAuthzHttp.statusOnError`, 'invalid statusOnError value "forbidden"'], [`${P}.extensionProviders[0].envoyExtAuthzHttp.pathPrefix`, 'pathPrefix should begin with "/"']] },
  { name: 'opentelemetry with http and grpc', yaml: mesh('extensionProviders:\n- name: o\n  opentelemetry: {service: o.b.svc, port: 4317, http: {path: /v1/traces}, grpc: {}}'), warnings: [[`${P}.extensionProviders[0].opentelemetry`, 'cannot specify both grpc and http']] },
  { name: 'deprecated includeHeadersInCheck', yaml: mesh('extensionProviders:\n- name: a\n  envoyExtAuthzHttp: {service: a.b.svc, port: 80, includeHeadersInCheck: [cookie]}'), warnings: [[`${P}.extensionProviders[0].envoyExtAuthzHttp.includeHeadersInCheck`, 'use includeRequestHeadersInCheck instead']] },
  { name: 'log format text and labels', yaml: mesh('extensionProviders:\n- name: f\n  envoyFileAccessLog: {path: /dev/stdout, logFormat: {text: "%REQ%", labels: {}}}'), errors: [[`${P}.extensionProviders[0].envoyFileAccessLog.logFormat`, 'only one of "text", "labels"']] },
];

runCases('ConfigMap', plain, O);
runCases('mesh ConfigMap', meshCases, O);

test('mesh ConfigMap: a broken mesh config rejects the ConfigMap, with positions inside the block', () => {
  const text = mesh('accessLogFile: /dev/stdout\noutboundTrafficPolicy:\n  mode: ALLOW_ALL');
  const { resources, diagnostics } = loadText(text, 'test.yaml');
  assert.equal(resources.length, 0);
  assert.equal(diagnostics.length, 1);
  const d = diagnostics[0];
  assert.deepEqual([d.line, d.col, d.kind, d.namespace, d.name], [10, 13, 'ConfigMap', 'istio-system', 'istio']);
  assert.equal(text.split('\n')[d.line! - 1].slice(d.col! - 1), 'ALLOW_ALL');
});

test('mesh ConfigMap: positions hold in a multi-document file and a kubectl List', () => {
  const list = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: istio\n    namespace: istio-system\n  data:\n    mesh: |\n      rootNamespace: istio-system\n      enableTracing: maybe\n`;
  const { diagnostics } = loadText(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n${list}`, 'test.yaml');
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  assert.deepEqual([diagnostics[0].line, diagnostics[0].col], [17, 22]);
  assert.match(diagnostics[0].message, /data\.mesh\.enableTracing: expected true or false/);
});
