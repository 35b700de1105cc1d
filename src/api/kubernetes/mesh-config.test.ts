/** MeshConfig: parsing with positions, Istio's defaults and merge rules, and finding the mesh ConfigMap. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadText } from '../../config/load.ts';
import { decodeText } from '../../config/decode.ts';
import type { Resource } from '../resource.ts';
import { DEFAULT_MESH_CONFIG, defaultMeshConfig, embeddedTextOrigin, findMeshConfigMap, mergeMeshConfig, meshConfigFromResources, parseMeshConfig } from './mesh-config.ts';

const brief = (r: ReturnType<typeof parseMeshConfig>): string[] => r.diagnostics.map((d) => `${d.severity} ${d.line}:${d.col} ${d.message}`);

test('empty text gives Istio defaults', () => {
  for (const text of ['', '   \n', '# only a comment\n']) {
    const r = parseMeshConfig(text, 'mesh.yaml');
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.mesh.rootNamespace, 'istio-system');
    assert.equal(r.mesh.trustDomain, 'cluster.local');
    assert.equal(r.mesh.outboundTrafficPolicy.mode, 'ALLOW_ANY');
    assert.equal(r.mesh.accessLogEncoding, 'TEXT');
    assert.equal(r.mesh.enableTracing, true);
    assert.equal(r.mesh.connectTimeout, '10s');
    assert.equal(r.mesh.defaultConfig.discoveryAddress, 'istiod.istio-system.svc:15012');
    assert.equal(r.mesh.defaultConfig.drainDuration, '45s');
    assert.deepEqual(r.mesh.defaultServiceExportTo, ['*']);
    assert.deepEqual(
      r.mesh.extensionProviders.map((p) => p.name),
      ['prometheus', 'stackdriver', 'envoy'],
    );
  }
});

test('the main fields parse and override the defaults', () => {
  const r = parseMeshConfig(
    [
      'rootNamespace: mesh-root',
      'trustDomain: example.org',
      'outboundTrafficPolicy:',
      '  mode: REGISTRY_ONLY',
      'accessLogFile: /dev/stdout',
      'accessLogEncoding: JSON',
      'accessLogFormat: \'{"code": "%RESPONSE_CODE%"}\'',
      'enableTracing: false',
      'defaultProviders:',
      '  accessLogging: [envoy]',
      '  tracing: [zipkin]',
      'extensionProviders:',
      '- name: zipkin',
      '  zipkin: {service: zipkin.istio-system.svc.cluster.local, port: 9411}',
      '- name: ext-authz',
      '  envoyExtAuthzGrpc: {service: authz.foo.svc.cluster.local, port: 9000, timeout: 0.5s}',
      'defaultConfig:',
      '  concurrency: 2',
      '  holdApplicationUntilProxyStarts: true',
      '  terminationDrainDuration: 10s',
      '  proxyMetadata:',
      '    ISTIO_META_DNS_CAPTURE: "true"',
      '  tracing:',
      '    sampling: 10',
      '    zipkin: {address: zipkin.istio-system:9411}',
      'enableAutoMtls: false',
      'localityLbSetting: {enabled: false}',
      'ingressControllerMode: "OFF"',
      'connectTimeout: 5s',
      'protocolDetectionTimeout: 100ms',
      'defaultDestinationRuleExportTo: ["."]',
    ].join('\n'),
    'mesh.yaml',
  );
  assert.deepEqual(r.diagnostics, []);
  const m = r.mesh;
  assert.equal(m.rootNamespace, 'mesh-root');
  assert.equal(m.trustDomain, 'example.org');
  assert.equal(m.outboundTrafficPolicy.mode, 'REGISTRY_ONLY');
  assert.equal(m.accessLogEncoding, 'JSON');
  assert.equal(m.enableTracing, false);
  assert.deepEqual(m.defaultProviders, { accessLogging: ['envoy'], tracing: ['zipkin'] });
  assert.deepEqual(
    m.extensionProviders.map((p) => p.name),
    ['prometheus', 'stackdriver', 'envoy', 'zipkin', 'ext-authz'],
  );
  assert.equal(m.defaultConfig.concurrency, 2);
  assert.equal(m.defaultConfig.terminationDrainDuration, '10s');
  assert.equal(m.defaultConfig.drainDuration, '45s', 'defaultConfig merges over the default ProxyConfig');
  assert.equal(m.defaultConfig.discoveryAddress, 'istiod.istio-system.svc:15012');
  assert.equal(m.defaultConfig.tracing?.sampling, 10);
  assert.equal(m.ingressControllerMode, 'OFF');
  assert.deepEqual(m.localityLbSetting, { enabled: false });
  assert.deepEqual(m.defaultDestinationRuleExportTo, ['.']);
  assert.deepEqual(m.defaultVirtualServiceExportTo, ['*']);
});

test('merge rules: messages replace, proxyMetadata merges, providers merge by name, aliases unite', () => {
  const base = mergeMeshConfig({ defaultConfig: { proxyMetadata: { A: '1', B: '2' } }, trustDomainAliases: ['b.org'] });
  const m = mergeMeshConfig(
    {
      outboundTrafficPolicy: {},
      defaultConfig: { proxyMetadata: { B: '3' }, tracingServiceName: 'CANONICAL_NAME_ONLY' },
      extensionProviders: [{ name: 'envoy', envoyFileAccessLog: { path: '/var/log/access.log' } }],
      trustDomainAliases: ['a.org', 'b.org'],
    },
    base,
  );
  assert.equal(m.outboundTrafficPolicy.mode, 'REGISTRY_ONLY', 'a policy without mode is the proto zero value');
  assert.deepEqual(m.defaultConfig.proxyMetadata, { A: '1', B: '3' });
  assert.equal(m.defaultConfig.serviceCluster, undefined, 'tracingServiceName replaces serviceCluster (oneof)');
  assert.equal(m.extensionProviders.find((p) => p.name === 'envoy')?.envoyFileAccessLog?.path, '/var/log/access.log');
  assert.equal(m.extensionProviders.length, 3);
  assert.deepEqual(m.trustDomainAliases, ['a.org', 'b.org']);
});

test('DEFAULT_MESH_CONFIG is frozen; defaultMeshConfig() is a mutable copy', () => {
  assert.ok(Object.isFrozen(DEFAULT_MESH_CONFIG));
  assert.ok(Object.isFrozen(DEFAULT_MESH_CONFIG.defaultConfig));
  const copy = defaultMeshConfig();
  copy.rootNamespace = 'x';
  copy.extensionProviders.push({ name: 'y', prometheus: {} });
  assert.equal(DEFAULT_MESH_CONFIG.rootNamespace, 'istio-system');
  assert.equal(DEFAULT_MESH_CONFIG.extensionProviders.length, 3);
  const merged = mergeMeshConfig({ rootNamespace: 'z' });
  merged.defaultConfig.concurrency = 9;
  assert.equal(DEFAULT_MESH_CONFIG.defaultConfig.concurrency, undefined);
});

test('diagnostics are placed at startLine and indent', () => {
  const text = 'enableTracing: true\noutboundTrafficPolicy:\n  mode: ALLOW_ALL\nenableTracin: true\nrootNamespace: [a]\n';
  const r = parseMeshConfig(text, 'cm.yaml', 11, { indent: 4 });
  assert.deepEqual(brief(r), [
    'Error 13:13 mesh.outboundTrafficPolicy.mode: unknown value "ALLOW_ALL"; expected one of REGISTRY_ONLY, ALLOW_ANY, ALLOW_ANY_DYNAMIC_DNS (did you mean "ALLOW_ANY"?)',
    'Error 14:5 unknown field "enableTracin" in mesh (did you mean "enableTracing"?)',
    'Error 15:20 mesh.rootNamespace: expected a string, got a list',
  ]);
  assert.ok(r.diagnostics.every((d) => d.file === 'cm.yaml'));
});

test('YAML errors, duplicate keys, non-mappings and several documents', () => {
  assert.deepEqual(brief(parseMeshConfig('a: [', 'f', 3, { indent: 2 })).length, 1);
  const syntax = parseMeshConfig('rootNamespace: a\n  bad: indent: here\n', 'f', 3, { indent: 2 });
  assert.ok(syntax.diagnostics[0].message.startsWith('mesh: YAML syntax error'), brief(syntax).join());
  assert.ok(syntax.diagnostics.every((d) => d.line === 3 || d.line === 4), brief(syntax).join('\n'));
  const dup = parseMeshConfig('trustDomain: a.org\ntrustDomain: b.org\n', 'f', 10);
  assert.deepEqual(brief(dup), ['Error 11:1 mesh: duplicate key "trustDomain" (first defined at line 1); YAML keeps only the last one, so the first is silently lost']);
  assert.deepEqual(brief(parseMeshConfig('- a\n- b\n', 'f', 5)), ['Error 5:1 mesh: expected a YAML mapping of MeshConfig fields, got a list']);
  assert.deepEqual(brief(parseMeshConfig('hello\n', 'f', 5)), ['Error 5:1 mesh: expected a YAML mapping of MeshConfig fields, got a string']);
  assert.deepEqual(brief(parseMeshConfig('a: 1\n---\nb: 2\n', 'f', 1, { path: 'data.mesh' })).slice(0, 1), ['Error 3:1 data.mesh: expected one YAML document, found 2']);
});

test('removed and moved fields get advice; snake_case names are accepted', () => {
  const r = parseMeshConfig('terminationDrainDuration: 5s\nmixer_check_server: x:1\nroot_namespace: foo\n', 'f');
  assert.deepEqual(brief(r), [
    'Error 1:1 mesh: field "terminationDrainDuration" was removed from MeshConfig; it moved to defaultConfig.terminationDrainDuration',
    'Error 2:1 mesh: field "mixer_check_server" was removed from MeshConfig; Mixer was removed in Istio 1.8',
  ]);
  assert.equal(r.mesh.rootNamespace, 'foo');
});

test('a provider field written beside its block is reported with advice (seed 003)', () => {
  const text = 'extensionProviders:\n  - name: oauth2-proxy\n    envoyExtAuthzHttp:\n      service: oauth2-proxy.auth.svc.cluster.local\n      port: 80\n    includeHeadersInCheck:\n      - cookie\n';
  const r = parseMeshConfig(text, 'f', 6, { indent: 4 });
  assert.deepEqual(brief(r), ['Error 11:9 mesh.extensionProviders[0]: "includeHeadersInCheck" is a field of envoyExtAuthzHttp, not of the extension provider; indent it under envoyExtAuthzHttp']);
});

test('provider oneof, deprecated fields and the proxy config oneof', () => {
  const r = parseMeshConfig(
    'extensionProviders:\n- name: x\n  zipkin: {service: z.ns.svc, port: 9411}\n  datadog: {service: d.ns.svc, port: 8126}\n- name: ls\n  lightstep: {service: l.ns.svc, port: 8080, accessToken: t}\ndefaultConfig:\n  serviceCluster: a\n  tracingServiceName: CANONICAL_NAME_ONLY\n',
    'f',
  );
  assert.deepEqual(brief(r), [
    'Error 4:3 mesh.extensionProviders[0]: only one of "envoyExtAuthzHttp", "envoyExtAuthzGrpc", "zipkin", "lightstep", "datadog", "stackdriver", "opencensus", "skywalking", "opentelemetry", "prometheus", "envoyFileAccessLog", "envoyHttpAls", "envoyTcpAls", "envoyOtelAls", "sds" may be set, found "zipkin" and "datadog"',
    'Warning 6:3 mesh.extensionProviders[1].lightstep is deprecated: Lightstep is deprecated; use opentelemetry instead',
    'Error 9:3 mesh.defaultConfig: only one of "serviceCluster", "tracingServiceName" may be set, found "serviceCluster" and "tracingServiceName"',
  ]);
});

test('pinned text (a quoted or JSON string) names the line inside the mesh config', () => {
  const r = parseMeshConfig('bogus: 1\nenableTracing: yes please\n', 'cm.json', 7, { pin: { file: 'cm.json', line: 7, col: 13 } });
  assert.deepEqual(brief(r), [
    'Error 7:13 unknown field "bogus" in mesh (line 1:1 of the mesh config)',
    'Error 7:13 mesh.enableTracing: expected true or false, got string "yes please" (line 2:16 of the mesh config)',
  ]);
});

test('embeddedTextOrigin recognises block scalars and pins JSON strings', () => {
  const yamlDoc = decodeText('data:\n  mesh: |-\n    a: 1\n    b: 2\n  other: x\n', 'f').documents[0].value as { data: Record<string, string> };
  assert.deepEqual(embeddedTextOrigin(yamlDoc.data, 'mesh', yamlDoc.data.mesh), { startLine: 3, opts: { indent: 4 } });
  const jsonDoc = decodeText('{"data": {\n  "mesh": "a: 1\\nb: 2\\n"}}\n', 'f').documents[0].value as { data: Record<string, string> };
  const j = embeddedTextOrigin(jsonDoc.data, 'mesh', jsonDoc.data.mesh);
  assert.deepEqual(j?.opts.pin, { file: 'f', line: 2, col: 11 });
  const inline = decodeText('data:\n  mesh: "a: 1\\nb: 2"\n  other: x\n', 'f').documents[0].value as { data: Record<string, string> };
  assert.ok(embeddedTextOrigin(inline.data, 'mesh', inline.data.mesh)?.opts.pin, 'a sibling where the block would be shows it is inline');
});

const cm = (name: string, ns: string | undefined, mesh: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}data:\n  mesh: |\n${mesh.replace(/^/gm, '    ')}\n`;

test('meshConfigFromResources finds the mesh ConfigMap, istio-system and `istio` first', () => {
  const docs = [cm('istio-mesh-cm', 'istio-system', 'rootNamespace: b'), cm('istio', 'default', 'rootNamespace: c'), cm('istio', 'istio-system', 'rootNamespace: a'), cm('other', 'istio-system', 'rootNamespace: d')];
  const { resources, diagnostics } = loadText(docs.join('---\n'), 'test.yaml');
  assert.deepEqual(
    diagnostics.filter((d) => d.severity === 'Error'),
    [],
  );
  assert.equal(findMeshConfigMap(resources)?.metadata.name, 'istio');
  assert.equal(meshConfigFromResources(resources).rootNamespace, 'a');
  assert.equal(meshConfigFromResources(resources.filter((r) => !(r.metadata.name === 'istio' && r.metadata.namespace === 'istio-system'))).rootNamespace, 'b');
  assert.equal(meshConfigFromResources(resources.filter((r) => r.metadata.namespace !== 'istio-system')).rootNamespace, 'c');
  const none: Resource[] = [];
  assert.deepEqual(meshConfigFromResources(none), mergeMeshConfig({}));
});
