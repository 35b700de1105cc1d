/** Table tests for PeerAuthentication: schema and Istio's admission rules, through loadText. */
import { test } from 'node:test';
import { runCase, type TableCase } from './case-table.ts';

const HEADER = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: pa
  namespace: foo
`;

const SELECTOR = 'selector:\n  matchLabels:\n    app: foo\n';

const cases: TableCase[] = [
  { name: 'empty spec', yaml: '' },
  { name: 'STRICT', yaml: 'mtls:\n  mode: STRICT' },
  { name: 'PERMISSIVE', yaml: 'mtls:\n  mode: PERMISSIVE' },
  { name: 'DISABLE', yaml: 'mtls:\n  mode: DISABLE' },
  { name: 'UNSET', yaml: 'mtls:\n  mode: UNSET' },
  { name: 'mtls without mode', yaml: 'mtls: {}' },
  { name: 'unknown mode', yaml: 'mtls:\n  mode: ENABLED', errors: [{ message: 'unknown value "ENABLED"; expected one of UNSET, DISABLE, PERMISSIVE, STRICT', path: 'spec.mtls.mode' }] },
  { name: 'lower-case mode', yaml: 'mtls:\n  mode: strict', errors: ['(did you mean "STRICT"?)'] },
  { name: 'mode ISTIO_MUTUAL belongs to DestinationRule', yaml: 'mtls:\n  mode: ISTIO_MUTUAL', errors: ['unknown value "ISTIO_MUTUAL"'] },
  { name: 'typo mtl', yaml: 'mtl:\n  mode: STRICT', errors: [{ message: 'unknown field "mtl" in spec (did you mean "mtls"?)', path: 'spec.mtl' }] },
  { name: 'mode at spec level', yaml: 'mode: STRICT', errors: ['unknown field "mode" in spec'] },
  { name: 'mtls as string', yaml: 'mtls: STRICT', errors: [{ message: 'expected an object, got string "STRICT"', path: 'spec.mtls' }] },
  { name: 'selector with STRICT', yaml: SELECTOR + 'mtls:\n  mode: STRICT' },
  { name: 'port level with selector', yaml: SELECTOR + 'mtls:\n  mode: STRICT\nportLevelMtls:\n  8080:\n    mode: DISABLE\n  "9090":\n    mode: PERMISSIVE' },
  { name: 'port level snake_case', yaml: SELECTOR + 'port_level_mtls:\n  8080:\n    mode: DISABLE' },
  { name: 'port level without selector', yaml: 'portLevelMtls:\n  8080:\n    mode: DISABLE', errors: [{ message: 'portLevelMtls requires selector', path: 'spec.portLevelMtls' }] },
  { name: 'port level with empty selector', yaml: 'selector: {}\nportLevelMtls:\n  8080:\n    mode: DISABLE', errors: ['mesh/namespace peer authentication cannot have port level mTLS'], warnings: ['workload selector specified without labels'] },
  { name: 'port level with empty matchLabels', yaml: 'selector:\n  matchLabels: {}\nportLevelMtls:\n  8080:\n    mode: DISABLE', errors: ['portLevelMtls requires selector'], warnings: ['without labels'] },
  { name: 'port level empty map', yaml: SELECTOR + 'portLevelMtls: {}', errors: [{ message: 'port level mTLS, if defined, must have at least one element', path: 'spec.portLevelMtls' }] },
  { name: 'port 0', yaml: SELECTOR + 'portLevelMtls:\n  0:\n    mode: DISABLE', errors: [{ message: 'port must be between 1-65535, found "0"', path: 'spec.portLevelMtls.0' }] },
  { name: 'port 65536', yaml: SELECTOR + 'portLevelMtls:\n  65536:\n    mode: DISABLE', errors: ['port must be between 1-65535, found "65536"'] },
  { name: 'port name not number', yaml: SELECTOR + 'portLevelMtls:\n  http:\n    mode: DISABLE', errors: ['found "http"'] },
  { name: 'port level bad mode', yaml: SELECTOR + 'portLevelMtls:\n  8080:\n    mode: OFF', errors: [{ path: 'spec.portLevelMtls.8080.mode', message: 'expected one of UNSET, DISABLE, PERMISSIVE, STRICT' }] },
  { name: 'port level value not object', yaml: SELECTOR + 'portLevelMtls:\n  8080: DISABLE', errors: ['expected an object, got string "DISABLE"'] },
  { name: 'selector wildcard', yaml: 'selector:\n  matchLabels:\n    app: "*"', errors: ['wildcard is not supported in selector'] },
  { name: 'selector bad label key warns', yaml: 'selector:\n  matchLabels:\n    "-bad": x', warnings: ['invalid label key "-bad"'] },
  { name: 'targetRef is not a PeerAuthentication field', yaml: 'targetRef:\n  kind: Service\n  name: x', errors: ['unknown field "targetRef" in spec'] },
  { name: 'dry-run annotation unsupported', yaml: 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: pa\n  annotations:\n    istio.io/dry-run: "true"\nspec: {}\n', errors: ['has unsupported annotation istio.io/dry-run'] },
  { name: 'v1beta1 warns', yaml: 'apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata:\n  name: pa\nspec:\n  mtls:\n    mode: STRICT\n', warnings: ['prefer v1'] },
];

for (const c of cases) test(`PeerAuthentication: ${c.name}`, () => runCase(HEADER, c));
