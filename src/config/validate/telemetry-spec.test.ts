/** Table tests for Telemetry: schema and Istio's admission rules, through loadText. */
import { test } from 'node:test';
import { runCase, type TableCase } from './case-table.ts';

const HEADER = `
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: tel
  namespace: foo
`;

const cases: TableCase[] = [
  { name: 'empty spec', yaml: '' },
  { name: 'access logging envoy', yaml: 'accessLogging:\n- providers:\n  - name: envoy' },
  { name: 'access logging disabled', yaml: 'accessLogging:\n- disabled: true' },
  { name: 'access logging match mode', yaml: 'accessLogging:\n- match:\n    mode: CLIENT\n  providers:\n  - name: otel' },
  { name: 'access logging filter', yaml: 'accessLogging:\n- providers:\n  - name: envoy\n  filter:\n    expression: response.code >= 400' },
  { name: 'access logging filter with has()', yaml: 'accessLogging:\n- filter:\n    expression: \'!has(request.useragent) || !(request.useragent.startsWith("Amazon-Route53-Health-Check-Service"))\'' },
  { name: 'access logging filter bad CEL', yaml: 'accessLogging:\n- filter:\n    expression: "response.code >>= 400"', errors: [{ message: 'must be a valid CEL expression, Syntax error at column 16', path: 'spec.accessLogging[0].filter.expression' }] },
  { name: 'access logging filter unbalanced', yaml: 'accessLogging:\n- filter:\n    expression: "(response.code == 500"', errors: ["expected ')'"] },
  { name: 'access logging filter empty expression', yaml: 'accessLogging:\n- filter:\n    expression: ""', errors: [{ message: 'filter expression must be set', path: 'spec.accessLogging[0].filter.expression' }] },
  { name: 'access logging filter without expression', yaml: 'accessLogging:\n- filter: {}', errors: ['filter expression must be set'] },
  { name: 'access logging filter typo', yaml: 'accessLogging:\n- filter:\n    expresion: x', errors: ['unknown field "expresion" in spec.accessLogging[0].filter (did you mean "expression"?)'] },
  { name: 'access logging bad mode', yaml: 'accessLogging:\n- match:\n    mode: INBOUND', errors: [{ message: 'expected one of CLIENT_AND_SERVER, CLIENT, SERVER', path: 'spec.accessLogging[0].match.mode' }] },
  { name: 'access logging disabled as string', yaml: 'accessLogging:\n- disabled: "no way"', errors: ['expected true or false'] },
  { name: 'provider empty name', yaml: 'accessLogging:\n- providers:\n  - name: ""', errors: [{ message: 'providers.name may not be empty', path: 'spec.accessLogging[0].providers[0].name' }] },
  { name: 'provider missing name', yaml: 'metrics:\n- providers:\n  - {}', errors: [{ message: 'missing required field "name"', path: 'spec.metrics[0].providers[0].name' }] },
  { name: 'provider as string', yaml: 'tracing:\n- providers:\n  - zipkin', errors: ['expected an object, got string "zipkin"'] },
  { name: 'typo accesLogging', yaml: 'accesLogging:\n- providers:\n  - name: envoy', errors: ['unknown field "accesLogging" in spec (did you mean "accessLogging"?)'] },
  { name: 'metrics prometheus', yaml: 'metrics:\n- providers:\n  - name: prometheus' },
  { name: 'metrics override disable', yaml: 'metrics:\n- overrides:\n  - match:\n      metric: REQUEST_COUNT\n      mode: CLIENT\n    disabled: true' },
  { name: 'metrics override all metrics', yaml: 'metrics:\n- overrides:\n  - match:\n      metric: ALL_METRICS\n    tagOverrides:\n      request_protocol:\n        operation: REMOVE' },
  { name: 'metrics override upsert', yaml: 'metrics:\n- overrides:\n  - tagOverrides:\n      destination_port:\n        value: string(destination.port)\n      request_host:\n        operation: UPSERT\n        value: request.host' },
  { name: 'metrics custom metric', yaml: 'metrics:\n- overrides:\n  - match:\n      customMetric: my_metric\n    disabled: false' },
  { name: 'metrics reporting interval', yaml: 'metrics:\n- reportingInterval: 15s' },
  { name: 'metrics reporting interval too small', yaml: 'metrics:\n- reportingInterval: 100us', errors: [{ message: 'must be a valid duration greater than 1ms', path: 'spec.metrics[0].reportingInterval' }] },
  { name: 'metrics reporting interval syntax', yaml: 'metrics:\n- reportingInterval: 15', errors: ['expected a duration'] },
  { name: 'metric unknown', yaml: 'metrics:\n- overrides:\n  - match:\n      metric: REQUEST_COUNTS', errors: [{ message: 'unknown value "REQUEST_COUNTS"', path: 'spec.metrics[0].overrides[0].match.metric' }, ] },
  { name: 'metric unknown suggests', yaml: 'metrics:\n- overrides:\n  - match:\n      metric: REQUEST_DURATON', errors: ['(did you mean "REQUEST_DURATION"?)'] },
  { name: 'metric and customMetric', yaml: 'metrics:\n- overrides:\n  - match:\n      metric: REQUEST_COUNT\n      customMetric: x', errors: ['only one of "metric", "customMetric" may be set'] },
  { name: 'customMetric empty', yaml: 'metrics:\n- overrides:\n  - match:\n      customMetric: ""', errors: [{ message: 'customMetric may not be empty', path: 'spec.metrics[0].overrides[0].match.customMetric' }] },
  { name: 'tag override upsert without value', yaml: 'metrics:\n- overrides:\n  - tagOverrides:\n      foo:\n        operation: UPSERT', errors: [{ message: 'tagOverrides.value must be set when operation is UPSERT', path: 'spec.metrics[0].overrides[0].tagOverrides.foo' }] },
  { name: 'tag override default operation without value', yaml: 'metrics:\n- overrides:\n  - tagOverrides:\n      foo: {}', errors: ['must be set when operation is UPSERT (the default operation)'] },
  { name: 'tag override null', yaml: 'metrics:\n- overrides:\n  - tagOverrides:\n      foo:', errors: ['tagOverrides may not be null'] },
  { name: 'tag override remove with value', yaml: 'metrics:\n- overrides:\n  - tagOverrides:\n      foo:\n        operation: REMOVE\n        value: x', errors: [{ message: 'tagOverrides.value may only be set when operation is UPSERT', path: 'spec.metrics[0].overrides[0].tagOverrides.foo.value' }] },
  { name: 'tag override bad operation', yaml: 'metrics:\n- overrides:\n  - tagOverrides:\n      foo:\n        operation: DELETE', errors: ['expected one of UPSERT, REMOVE'] },
  { name: 'tag override value bad CEL warns', yaml: 'metrics:\n- overrides:\n  - tagOverrides:\n      foo:\n        value: "request.host +"', warnings: [{ message: 'tag value should be a valid CEL expression', path: 'spec.metrics[0].overrides[0].tagOverrides.foo.value' }] },
  { name: 'tracing opentelemetry 100%', yaml: 'tracing:\n- providers:\n  - name: opentelemetry\n  randomSamplingPercentage: 100' },
  { name: 'tracing fractional sampling', yaml: 'tracing:\n- randomSamplingPercentage: 0.01' },
  { name: 'tracing sampling 0', yaml: 'tracing:\n- randomSamplingPercentage: 0' },
  { name: 'tracing sampling > 100', yaml: 'tracing:\n- randomSamplingPercentage: 100.5', errors: [{ message: 'randomSamplingPercentage must be in range [0.0, 100.0], found 100.5', path: 'spec.tracing[0].randomSamplingPercentage' }] },
  { name: 'tracing sampling negative', yaml: 'tracing:\n- randomSamplingPercentage: -1', errors: ['randomSamplingPercentage must be in range'] },
  { name: 'tracing sampling as string', yaml: 'tracing:\n- randomSamplingPercentage: "50%"', errors: ['expected a number, got string "50%"'] },
  { name: 'tracing full', yaml: 'tracing:\n- match:\n    mode: SERVER\n  providers:\n  - name: zipkin\n  disableSpanReporting: false\n  useRequestIdForTraceSampling: true\n  enableIstioTags: true\n  disableContextPropagation: true\n  customTags:\n    cluster:\n      literal:\n        value: east\n    user:\n      header:\n        name: x-user\n        defaultValue: anonymous\n    pod:\n      environment:\n        name: POD_NAME\n    sni:\n      formatter:\n        value: "%REQUESTED_SERVER_NAME%"' },
  { name: 'tracing multiple entries warns', yaml: 'tracing:\n- providers:\n  - name: a\n- providers:\n  - name: b', warnings: [{ message: 'multiple tracing is not currently supported', path: 'spec.tracing' }] },
  { name: 'tracing multiple providers warns', yaml: 'tracing:\n- providers:\n  - name: a\n  - name: b', warnings: [{ message: 'multiple providers is not currently supported', path: 'spec.tracing[0].providers' }] },
  { name: 'custom tag empty literal', yaml: 'tracing:\n- customTags:\n    a:\n      literal:\n        value: ""', errors: [{ message: 'literal tag value may not be empty', path: 'spec.tracing[0].customTags.a.literal.value' }] },
  { name: 'custom tag empty header name', yaml: 'tracing:\n- customTags:\n    a:\n      header:\n        name: ""', errors: ['header tag name may not be empty'] },
  { name: 'custom tag empty env name', yaml: 'tracing:\n- customTags:\n    a:\n      environment:\n        name: ""', errors: ['environment tag name may not be empty'] },
  { name: 'custom tag missing env name', yaml: 'tracing:\n- customTags:\n    a:\n      environment:\n        defaultValue: x', errors: ['missing required field "name"'] },
  { name: 'custom tag with nothing', yaml: 'tracing:\n- customTags:\n    a: {}', errors: [{ message: "tag 'a' must set one of literal, environment, header or formatter", path: 'spec.tracing[0].customTags.a' }] },
  { name: 'custom tag null', yaml: 'tracing:\n- customTags:\n    a:', errors: ["tag 'a' may not have a nil value"] },
  { name: 'custom tag two kinds', yaml: 'tracing:\n- customTags:\n    a:\n      literal:\n        value: x\n      header:\n        name: x-user', errors: ['only one of "literal", "environment", "header", "formatter" may be set'] },
  { name: 'tracing sampling typo', yaml: 'tracing:\n- randomSamplingPercent: 10', errors: ['(did you mean "randomSamplingPercentage"?)'] },
  { name: 'selector', yaml: 'selector:\n  matchLabels:\n    name: app\naccessLogging:\n- providers:\n  - name: envoy' },
  { name: 'selector empty warns', yaml: 'selector: {}', warnings: ['workload selector specified without labels'] },
  { name: 'targetRefs gateway', yaml: 'targetRefs:\n- kind: Gateway\n  group: gateway.networking.k8s.io\n  name: waypoint\ntracing:\n- providers:\n  - name: otel' },
  { name: 'targetRef bad kind', yaml: 'targetRef:\n  kind: Pod\n  name: x', errors: [{ message: 'targetRef must be to one of', path: 'spec.targetRef' }] },
  { name: 'selector and targetRef', yaml: 'selector:\n  matchLabels:\n    a: b\ntargetRef:\n  kind: Service\n  name: x', errors: ['only one of targetRefs or selector can be set'] },
  { name: 'dry-run annotation unsupported', yaml: 'apiVersion: telemetry.istio.io/v1\nkind: Telemetry\nmetadata:\n  name: t\n  annotations:\n    istio.io/dry-run: "true"\nspec: {}\n', errors: ['has unsupported annotation istio.io/dry-run'] },
  { name: 'v1alpha1 warns', yaml: 'apiVersion: telemetry.istio.io/v1alpha1\nkind: Telemetry\nmetadata:\n  name: t\nspec: {}\n', warnings: [{ message: 'telemetry.istio.io/v1alpha1 Telemetry is deprecated; use telemetry.istio.io/v1', path: 'apiVersion' }] },
  { name: 'v1beta1 not served', yaml: 'apiVersion: telemetry.istio.io/v1beta1\nkind: Telemetry\nmetadata:\n  name: t\nspec: {}\n', errors: ['is not served at version "v1beta1"; use one of v1, v1alpha1'] },
];

for (const c of cases) test(`Telemetry: ${c.name}`, () => runCase(HEADER, c));
